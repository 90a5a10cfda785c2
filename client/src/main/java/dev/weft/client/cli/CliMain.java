package dev.weft.client.cli;

import dev.weft.client.ClientException;
import dev.weft.client.Connection;
import dev.weft.client.Headers;
import dev.weft.client.Message;
import dev.weft.client.NoRespondersException;
import dev.weft.client.Options;
import dev.weft.client.Subscription;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@code weft-cli}: pub, sub, req, reply and bench against a NATS server. {@link #run} does the
 * work and returns the exit code (0 ok, 1 failure, 2 bad command line) so it can be tested
 * in-process; only {@link #main} exits the JVM.
 */
public final class CliMain {
  /** The client's version, the one it sends in CONNECT. */
  static final String VERSION = "0.1.0";

  private final PrintStream out;
  private final PrintStream err;

  private CliMain(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command line; returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CliArgs cli;
    try {
      cli = CliArgs.parse(args);
    } catch (CliArgs.HelpRequested e) {
      out.print(CliArgs.USAGE);
      return 0;
    } catch (CliArgs.VersionRequested e) {
      out.println("weft-cli " + VERSION);
      return 0;
    } catch (CliArgs.UsageException e) {
      err.println("weft-cli: " + e.getMessage());
      err.print(CliArgs.USAGE);
      return 2;
    }
    try {
      return new CliMain(out, err).execute(cli);
    } catch (IOException e) {
      err.println("weft-cli: cannot connect to " + cli.server() + ": " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException | ClientException e) {
      err.println("weft-cli: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("weft-cli: interrupted");
      return 1;
    }
  }

  /** The connection options every command shares. */
  static Options.Builder options(CliArgs cli) {
    Options.Builder b = Options.builder().servers(cli.server()).name("weft-cli " + cli.command());
    if (cli.user() != null || cli.password() != null) {
      b.userInfo(cli.user(), cli.password());
    }
    if (cli.token() != null) {
      b.token(cli.token());
    }
    return b;
  }

  private int execute(CliArgs cli) throws IOException, InterruptedException {
    return switch (cli.command()) {
      case "pub" -> pub(cli);
      case "sub" -> sub(cli);
      case "req" -> req(cli);
      case "reply" -> reply(cli);
      case "bench" -> new Bench(cli, options(cli), out).run();
      default -> throw new IllegalStateException(cli.command());
    };
  }

  private int pub(CliArgs cli) throws IOException, InterruptedException {
    long n = Math.max(cli.count(), 1);
    byte[] data = cli.message().getBytes(StandardCharsets.UTF_8);
    Headers headers = headers(cli);
    try (Connection c = Connection.connect(options(cli).build())) {
      for (long i = 0; i < n; i++) {
        c.publish(cli.subject(), null, headers, data);
      }
      c.flush(Duration.ofSeconds(5));
    }
    out.println(
        "Published " + n + " message" + (n == 1 ? "" : "s") + " to \"" + cli.subject() + "\"");
    return 0;
  }

  private int sub(CliArgs cli) throws IOException, InterruptedException {
    try (Connection c = Connection.connect(options(cli).build())) {
      Subscription s = c.subscribe(cli.subject(), cli.queue());
      c.flush(Duration.ofSeconds(5));
      out.println(
          "Listening on \""
              + cli.subject()
              + "\""
              + (cli.queue() == null ? "" : " in queue group \"" + cli.queue() + "\""));
      out.flush();
      long received = 0;
      while (cli.count() == 0 || received < cli.count()) {
        Message m = s.next(Duration.ofSeconds(1));
        if (m == null) {
          if (c.status() == Connection.Status.CLOSED) {
            err.println("weft-cli: connection closed");
            return 1;
          }
          continue;
        }
        received++;
        print(received, m);
      }
    }
    return 0;
  }

  private int req(CliArgs cli) throws IOException, InterruptedException {
    try (Connection c = Connection.connect(options(cli).build())) {
      long start = System.nanoTime();
      Message reply =
          c.request(
              cli.subject(),
              headers(cli),
              cli.message().getBytes(StandardCharsets.UTF_8),
              cli.timeout());
      long micros = (System.nanoTime() - start) / 1000;
      out.println("Received reply on \"" + reply.subject() + "\" in " + micros + " us");
      printHeaders(reply.headers());
      out.println(reply.text());
      return 0;
    } catch (NoRespondersException e) {
      err.println("weft-cli: no responders available for request on \"" + cli.subject() + "\"");
      return 1;
    } catch (dev.weft.client.ClientTimeoutException e) {
      err.println("weft-cli: " + e.getMessage());
      return 1;
    }
  }

  private int reply(CliArgs cli) throws IOException, InterruptedException {
    byte[] answer = cli.message().getBytes(StandardCharsets.UTF_8);
    try (Connection c = Connection.connect(options(cli).build())) {
      Subscription s = c.subscribe(cli.subject(), cli.queue());
      c.flush(Duration.ofSeconds(5));
      out.println("Listening for requests on \"" + cli.subject() + "\"");
      out.flush();
      long answered = 0;
      while (cli.count() == 0 || answered < cli.count()) {
        Message m = s.next(Duration.ofSeconds(1));
        if (m == null) {
          if (c.status() == Connection.Status.CLOSED) {
            err.println("weft-cli: connection closed");
            return 1;
          }
          continue;
        }
        answered++;
        print(answered, m);
        if (m.replyTo() != null) {
          c.publish(m.replyTo(), answer);
        }
      }
      c.flush(Duration.ofSeconds(5));
    }
    return 0;
  }

  private void print(long n, Message m) {
    out.println(
        "[#"
            + n
            + "] Received on \""
            + m.subject()
            + "\""
            + (m.replyTo() == null ? "" : " with reply \"" + m.replyTo() + "\""));
    printHeaders(m.headers());
    out.println(m.text());
    out.flush();
  }

  private void printHeaders(Headers h) {
    if (h == null) {
      return;
    }
    for (Map.Entry<String, String> e : h.entries()) {
      out.println(e.getKey() + ": " + e.getValue());
    }
  }

  private static Headers headers(CliArgs cli) {
    if (cli.headers().isEmpty()) {
      return null;
    }
    Headers h = new Headers();
    cli.headers().forEach(e -> h.add(e.getKey(), e.getValue()));
    return h;
  }
}
