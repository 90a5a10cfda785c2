package dev.weft.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.client.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * weft-cli commands end to end, run in-process through {@link CliMain#run}, against a server given
 * by the subclass: WeftServer and the real nats-server run the same scenarios.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class CliScenarios {
  private TestServer server;
  private String url;

  /** A server requiring {@code token}, not yet started. */
  abstract TestServer newServer(String token);

  /** Skips the class, saying how to enable it, when its server cannot run here. */
  void assumeServerAvailable() {}

  @BeforeAll
  void start() throws Exception {
    assumeServerAvailable();
    server = newServer("clitok");
    server.start();
    url = server.url();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** One command running on its own thread, with its output captured. */
  static final class Run {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();

    Run(String... args) {
      PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
      PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
      Thread.ofPlatform()
          .name("cli-" + args[0])
          .daemon(true)
          .start(() -> exit.complete(CliMain.run(args, o, e)));
    }

    String out() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }

    String err() {
      return err.toString(StandardCharsets.UTF_8);
    }

    void awaitOutput(String text) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!out().contains(text)) {
        if (exit.isDone() || System.nanoTime() > deadline) {
          fail("no '" + text + "' in output: " + out() + " / stderr: " + err());
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    int code() throws Exception {
      return exit.get(20, TimeUnit.SECONDS);
    }
  }

  private String[] args(String... a) {
    String[] all = new String[a.length + 4];
    System.arraycopy(a, 0, all, 0, a.length);
    all[a.length] = "-s";
    all[a.length + 1] = url;
    all[a.length + 2] = "--token";
    all[a.length + 3] = "clitok";
    return all;
  }

  @Test
  void pubReachesSubWithHeaders() throws Exception {
    Run sub = new Run(args("sub", "cli.e2e", "--count", "3"));
    sub.awaitOutput("Listening on \"cli.e2e\"");
    Run pub =
        new Run(
            args(
                "pub",
                "cli.e2e",
                "hello there",
                "--count",
                "3",
                "--header",
                "X-K:one",
                "--header",
                "X-K:two"));
    assertEquals(0, pub.code(), pub.err());
    assertTrue(pub.out().contains("Published 3 messages to \"cli.e2e\""), pub.out());
    assertEquals(0, sub.code(), sub.err());
    String out = sub.out();
    assertTrue(out.contains("[#3] Received on \"cli.e2e\""), out);
    assertEquals(3, count(out, "hello there"));
    assertEquals(3, count(out, "X-K: one\nX-K: two\n"));
  }

  @Test
  void queueGroupSubscribersShareTheMessages() throws Exception {
    Run a = new Run(args("sub", "cli.q", "--queue", "workers", "--count", "1"));
    Run b = new Run(args("sub", "cli.q", "--queue", "workers", "--count", "1"));
    a.awaitOutput("in queue group \"workers\"");
    b.awaitOutput("in queue group \"workers\"");
    Run pub = new Run(args("pub", "cli.q", "job", "--count", "2"));
    assertEquals(0, pub.code(), pub.err());
    // Two messages among two members: the random split may give both to one, so publish until both
    // exit.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(a.exit.isDone() && b.exit.isDone()) && System.nanoTime() < deadline) {
      assertEquals(0, new Run(args("pub", "cli.q", "job")).code());
    }
    assertEquals(0, a.code());
    assertEquals(0, b.code());
  }

  @Test
  void reqGetsTheReplyOfReply() throws Exception {
    Run reply = new Run(args("reply", "cli.svc", "pong!", "--count", "1"));
    reply.awaitOutput("Listening for requests on \"cli.svc\"");
    Run req = new Run(args("req", "cli.svc", "ping?", "--timeout", "5s"));
    assertEquals(0, req.code(), req.err());
    assertTrue(req.out().contains("pong!"), req.out());
    assertEquals(0, reply.code(), reply.err());
    assertTrue(reply.out().contains("ping?"), reply.out());
  }

  @Test
  void reqWithoutResponderSaysNoRespondersAndFails() throws Exception {
    Run req = new Run(args("req", "cli.nobody", "anyone?", "--timeout", "5s"));
    assertEquals(1, req.code());
    assertTrue(req.err().contains("no responders"), req.err());
  }

  @Test
  void wrongTokenFailsWithExitOne() throws Exception {
    Run pub = new Run("pub", "x", "y", "-s", url, "--token", "nope");
    assertEquals(1, pub.code());
    assertTrue(pub.err().toLowerCase().contains("authorization"), pub.err());
  }

  @Test
  void benchPrintsNatsBenchStyleRates() throws Exception {
    Run bench =
        new Run(
            args(
                "bench",
                "cli.bench",
                "--pub",
                "1",
                "--sub",
                "1",
                "--msgs",
                "20000",
                "--size",
                "16"));
    assertEquals(0, bench.code(), bench.err() + bench.out());
    String out = bench.out();
    for (String label : new String[] {"NATS Pub/Sub stats", " Pub stats", " Sub stats"}) {
      Matcher m =
          Pattern.compile(Pattern.quote(label) + ": ([0-9,]+) msgs/sec ~ [0-9.]+ MB/sec")
              .matcher(out);
      assertTrue(m.find(), label + " missing in " + out);
      assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 0, out);
    }
  }

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
