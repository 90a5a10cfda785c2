package dev.weft.server.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The protocol trace ({@code trace: true}, the CLI's {@code -V}) against nats-server's: each
 * scenario is played against a real nats-server and against Weft, and for every connection the
 * {@code <<-}, {@code ->>} and {@code <->} lines must be the same, in the same order. Connections
 * are matched by their client port, which both servers print in the line's prefix.
 */
class TraceDifferentialTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Pattern TRACE =
      Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+:(\\d+) - cid:\\d+ - ((?:<<-|->>|<->) .*)$");
  private static final Pattern CLOSED =
      Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+:(\\d+) - cid:\\d+ - Client connection closed");
  private static final List<String> CONFIG = List.of("debug: true", "trace: true");

  /** One step of a scenario, played against either server. */
  private interface Step {
    void play(Play p) throws Exception;
  }

  private record Scenario(String name, List<String> config, List<Step> steps) {}

  @TestFactory
  Stream<DynamicTest> traces() {
    return scenarios().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> compare(s)));
  }

  private static List<Scenario> scenarios() {
    List<Scenario> list = new ArrayList<>();
    list.add(
        new Scenario(
            "verbose client: pub, hpub, ping, an invalid subject",
            CONFIG,
            List.of(
                open("a"),
                send(
                    "a",
                    "CONNECT {\"verbose\":true,\"headers\":true}\r\nSUB foo 1\r\nPUB foo reply 5\r\nhello\r\n"
                        + "HPUB foo 12 14\r\nNATS/1.0\r\n\r\nhi\r\nPING\r\n"),
                await("a", "PONG\r\n"),
                send("a", "SUB bad..x 2\r\n"),
                await("a", "-ERR 'Invalid Subject'\r\n"),
                close("a", 1))));
    list.add(
        new Scenario(
            "delivery to another connection: headers stripped, queue group, unsub max",
            CONFIG,
            List.of(
                open("sub"),
                send(
                    "sub",
                    "CONNECT {\"verbose\":false}\r\nSUB foo.* 1\r\nSUB bar q 2\r\nUNSUB 1 2\r\nPING\r\n"),
                await("sub", "PONG\r\n"),
                open("pub"),
                send(
                    "pub",
                    "CONNECT {\"verbose\":false,\"headers\":true}\r\nHPUB foo.x r 12 14\r\nNATS/1.0\r\n\r\nhi\r\n"
                        + "PUB foo.y 3\r\nabc\r\nPUB foo.z 1\r\nx\r\nPUB bar 2\r\nhi\r\nPING\r\n"),
                await("pub", "PONG\r\n"),
                send("sub", "PING\r\n"),
                awaitCount("sub", "PONG\r\n", 2),
                close("pub", 0),
                close("sub", 2))));
    list.add(
        new Scenario(
            "unsubscribe now, and with a max already reached",
            CONFIG,
            List.of(
                open("a"),
                send(
                    "a",
                    "CONNECT {\"verbose\":true}\r\nSUB a 1\r\nSUB b 2\r\nSUB c 3\r\nPUB b 1\r\nx\r\n"
                        + "UNSUB 1\r\nUNSUB 2 1\r\nUNSUB 3 5\r\nUNSUB 9\r\nPING\r\n"),
                await("a", "PONG\r\n"),
                close("a", 3))));
    list.add(
        new Scenario(
            "payload bytes quoted as Go quotes them",
            CONFIG,
            List.of(
                open("a"),
                send("a", "CONNECT {\"verbose\":false}\r\nSUB p 1\r\n"),
                sendPub(
                    "a",
                    "p",
                    bytes("q\"b\\t\tz\u0000\u007f\r\n é€ \u00a0\u00ad\u200b\u0085"),
                    new byte[] {(byte) 0xff, (byte) 0xed, (byte) 0xa0, (byte) 0x80, (byte) 0xc3},
                    bytes("😀 end")),
                send("a", "PING\r\n"),
                await("a", "PONG\r\n"),
                close("a", 1))));
    list.add(
        new Scenario(
            "pedantic client publishing to a wildcard",
            CONFIG,
            List.of(
                open("a"),
                send(
                    "a",
                    "CONNECT {\"verbose\":true,\"pedantic\":true}\r\nPUB foo.* 2\r\nhi\r\nPING\r\n"),
                await("a", "PONG\r\n"),
                close("a", 0))));
    list.add(
        new Scenario(
            "unknown operation closes the connection",
            CONFIG,
            List.of(
                open("a"),
                send("a", "CONNECT {\"verbose\":false}\r\nSUB x 1\r\nFOO\r\n"),
                closedByServer("a", 1))));
    List<String> auth = new ArrayList<>(CONFIG);
    auth.add("authorization { token: s3cret }");
    list.add(
        new Scenario(
            "token redacted, wrong token refused",
            auth,
            List.of(
                open("good"),
                send("good", "CONNECT {\"verbose\":true,\"auth_token\":\"s3cret\"}\r\nPING\r\n"),
                await("good", "PONG\r\n"),
                open("bad"),
                send("bad", "CONNECT {\"verbose\":true,\"auth_token\":\"wrong\"}\r\n"),
                closedByServer("bad", 0),
                close("good", 0))));
    List<String> users = new ArrayList<>(CONFIG);
    users.add("authorization { user: alice, password: \"pw1\" }");
    list.add(
        new Scenario(
            "password redacted",
            users,
            List.of(
                open("a"),
                send(
                    "a",
                    "CONNECT {\"verbose\":true,\"user\":\"alice\",\"pass\":\"pw1\"}\r\nPING\r\n"),
                await("a", "PONG\r\n"),
                close("a", 0))));
    return list;
  }

  private static void compare(Scenario s) throws Exception {
    assumeTrue(NatsServerUnderTest.installed(), NatsServerUnderTest.HOW_TO_ENABLE);
    Map<String, List<String>> theirs;
    try (NatsServerUnderTest nats = NatsServerUnderTest.start(s.config(), WAIT)) {
      theirs = play(s, nats, nats::log);
    }
    Map<String, List<String>> ours;
    Logger engineLog = Logger.getLogger("dev.weft.server");
    Level before = engineLog.getLevel();
    List<String> captured = java.util.Collections.synchronizedList(new ArrayList<>());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            captured.add(r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    engineLog.setLevel(Level.ALL);
    engineLog.addHandler(handler);
    try (WeftUnderTest weft = WeftUnderTest.start("trace", s.config())) {
      ours =
          play(
              s,
              weft,
              () -> {
                synchronized (captured) {
                  return List.copyOf(captured);
                }
              });
    } finally {
      engineLog.removeHandler(handler);
      engineLog.setLevel(before);
    }
    for (String conn : theirs.keySet()) {
      List<String> expected =
          theirs.get(conn).stream()
              .map(TraceDifferentialTest::redactToken)
              .filter(TraceDifferentialTest::untimed)
              .toList();
      List<String> actual = ours.get(conn).stream().filter(TraceDifferentialTest::untimed).toList();
      assertEquals(
          String.join("\n", expected),
          String.join("\n", actual),
          "trace of connection '" + conn + "' (expected: nats-server's)");
    }
  }

  /**
   * The one deliberate difference: nats-server 2.9.10 redacts a CONNECT's password in its trace but
   * prints its auth_token in clear; Weft redacts both.
   */
  private static String redactToken(String line) {
    return line.replaceAll("(\"auth_token\":\")[^\"]*\"", "$1[REDACTED]\"");
  }

  /** Server keepalive PINGs (and their PONGs) depend on timing, not on the scenario. */
  private static boolean untimed(String line) {
    return !line.equals("->> [PING]") && !line.equals("<<- [PONG]");
  }

  /**
   * Plays the scenario; returns each connection's trace lines, in the order the server logged them.
   */
  private static Map<String, List<String>> play(
      Scenario s, ServerUnderTest server, Supplier<List<String>> log) throws Exception {
    Play p = new Play(server, log);
    try {
      for (Step step : s.steps()) {
        step.play(p);
      }
      Map<String, List<String>> traces = new LinkedHashMap<>();
      p.ports.forEach((name, port) -> traces.put(name, p.traceOf(port)));
      return traces;
    } finally {
      p.connections.values().forEach(RawConnection::close);
    }
  }

  private static final class Play {
    final ServerUnderTest server;
    final Supplier<List<String>> log;
    final Map<String, RawConnection> connections = new LinkedHashMap<>();
    final Map<String, Integer> ports = new LinkedHashMap<>();

    Play(ServerUnderTest server, Supplier<List<String>> log) {
      this.server = server;
      this.log = log;
    }

    RawConnection conn(String name) {
      return connections.get(name);
    }

    List<String> traceOf(int port) {
      List<String> lines = new ArrayList<>();
      for (String line : log.get()) {
        Matcher m = TRACE.matcher(line);
        if (m.find() && Integer.parseInt(m.group(1)) == port) {
          lines.add(m.group(2));
        }
      }
      return lines;
    }

    boolean closedInLog(int port) {
      for (String line : log.get()) {
        Matcher m = CLOSED.matcher(line);
        if (m.find() && Integer.parseInt(m.group(1)) == port) {
          return true;
        }
      }
      return false;
    }

    long removedSoFar(String name) {
      return traceOf(ports.get(name)).stream().filter(l -> l.startsWith("<-> [DELSUB ")).count();
    }

    /**
     * Waits until the server logged the connection's close and {@code delsubs} DELSUB lines in all.
     */
    void awaitClosed(String name, int delsubs) throws InterruptedException {
      int port = ports.get(name);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        if (closedInLog(port) && removedSoFar(name) >= delsubs) {
          return;
        }
        assertTrue(
            System.nanoTime() < deadline,
            server.label()
                + " did not log the close of '"
                + name
                + "' with "
                + delsubs
                + " DELSUB line(s); its trace: "
                + traceOf(port));
        Thread.sleep(5); // polling a log file's growth; the deadline above bounds it
      }
    }
  }

  private static Step open(String name) {
    return p -> {
      RawConnection c = new RawConnection(name, p.server.address(), WAIT);
      p.connections.put(name, c);
      p.ports.put(name, c.localPort());
      assertTrue(
          c.awaitBytes(b -> new String(b, StandardCharsets.ISO_8859_1).contains("\r\n"), WAIT),
          p.server.label() + ": no INFO on '" + name + "'");
    };
  }

  private static Step send(String name, String text) {
    return p -> p.conn(name).send(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Step sendPub(String name, String subject, byte[]... parts) {
    return p -> {
      ByteArrayOutputStream payload = new ByteArrayOutputStream();
      for (byte[] part : parts) {
        payload.write(part);
      }
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(
          ("PUB " + subject + " " + payload.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
      payload.writeTo(frame);
      frame.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      p.conn(name).send(frame.toByteArray());
    };
  }

  /** Waits until the connection has received {@code line} (a whole line, CRLF included). */
  private static Step await(String name, String line) {
    return awaitCount(name, line, 1);
  }

  /** Waits until the connection has received {@code line} {@code times} times in all. */
  private static Step awaitCount(String name, String line, int times) {
    return p ->
        assertTrue(
            p.conn(name).awaitBytes(b -> count(afterInfo(b), line) >= times, WAIT),
            p.server.label()
                + ": '"
                + name
                + "' never received "
                + line.strip()
                + " x"
                + times
                + "; got "
                + p.conn(name).receivedText());
  }

  private static int count(String text, String line) {
    int n = 0;
    for (int i = text.indexOf(line); i >= 0; i = text.indexOf(line, i + line.length())) {
      n++;
    }
    return n;
  }

  /**
   * Closes the connection and waits for the server to log it. {@code delsubs} counts every DELSUB
   * line of the connection's life: a count taken at close time could miss lines that nats-server
   * wrote but this JVM has not yet read from its output.
   */
  private static Step close(String name, int delsubs) {
    return p -> {
      p.conn(name).close();
      p.awaitClosed(name, delsubs);
    };
  }

  /** Waits for the server to close the connection; {@code delsubs} as for {@link #close}. */
  private static Step closedByServer(String name, int delsubs) {
    return p -> {
      assertTrue(p.conn(name).awaitEof(WAIT), p.server.label() + " did not close '" + name + "'");
      p.awaitClosed(name, delsubs);
    };
  }

  private static String afterInfo(byte[] b) {
    String s = new String(b, StandardCharsets.ISO_8859_1);
    return s.substring(s.indexOf("\r\n") + 2);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
