package dev.weft.tck.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/**
 * Handshake and message flow, driven byte by byte. Expected bytes are nats-server 2.9.10's, as
 * observed.
 */
final class ProtocolRules {
  private static final String QUIET = "CONNECT {\"verbose\":false,\"pedantic\":false}\r\n";
  private static final String QUIET_HEADERS =
      "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true}\r\n";

  private ProtocolRules() {}

  /** A body run with a started server and a driver, both closed afterwards. */
  interface Body {
    void run(TargetServer server, ProtocolDriver driver, Duration wait) throws Exception;
  }

  static org.junit.jupiter.api.function.Executable with(TckTarget target, Body body) {
    return with(target, b -> b, body);
  }

  static org.junit.jupiter.api.function.Executable with(
      TckTarget target,
      java.util.function.UnaryOperator<dev.weft.server.WeftServer.Builder> settings,
      Body body) {
    return () -> {
      try (TargetServer server = TargetServer.start(target, settings);
          ProtocolDriver driver = ProtocolDriver.forTarget(target)) {
        body.run(server, driver, target.timeouts().event());
      }
    };
  }

  static Stream<DynamicNode> tests(TckTarget t) {
    List<DynamicNode> rules = new ArrayList<>();
    rules.add(
        Rule.required(
            t,
            "SRV-1",
            "INFO comes first and alone, with the fields clients need",
            with(
                t,
                (s, d, w) -> {
                  DriverConnection c = d.open("c", s.address());
                  String info = c.expect("\r\n", w);
                  assertTrue(
                      info.startsWith("INFO {") && (info.endsWith("}") || info.endsWith("} ")),
                      "INFO {json} as nats-server writes it, got: " + info);
                  for (String field :
                      new String[] {
                        "\"server_id\":",
                        "\"version\":",
                        "\"proto\":1",
                        "\"headers\":true",
                        "\"max_payload\":1048576",
                        "\"port\":" + s.server.port(),
                        "\"host\":",
                        "\"client_id\":"
                      }) {
                    assertTrue(info.contains(field), "INFO lacks " + field + ": " + info);
                  }
                  Matcher v =
                      Pattern.compile("\"version\":\"(\\d+)\\.(\\d+)\\.(\\d+)").matcher(info);
                  assertTrue(v.find(), "version must be semver (jnats parses it): " + info);
                  // nats.go sends CONNECT+PING and accepts only PONG next: nothing else may have
                  // been queued.
                  c.send(QUIET + "PING\r\n");
                  c.expectExactly("PONG\r\n", w);
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-2",
            "verbose CONNECT gets +OK after CONNECT, SUB, PUB and UNSUB, never after PING",
            with(
                t,
                (s, d, w) -> {
                  DriverConnection c = d.greeted("c", s.address(), w);
                  c.send(
                      "CONNECT {\"verbose\":true}\r\nSUB foo 1\r\nPUB foo 2\r\nhi\r\nUNSUB 1\r\nPING\r\n");
                  c.expectExactly("+OK\r\n+OK\r\n+OK\r\nMSG foo 1 2\r\nhi\r\n+OK\r\nPONG\r\n", w);
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-3",
            "PING before CONNECT, case-insensitive ops, spaces and tabs between fields",
            with(
                t,
                (s, d, w) -> {
                  DriverConnection c = d.greeted("c", s.address(), w);
                  c.send("PING\r\n");
                  c.expectExactly("PONG\r\n", w);
                  c.send(
                      "connect {\"verbose\":false}\r\nsub\tlow  1\r\nPuB low \t 2\r\nhi\r\npInG\r\n");
                  c.expectExactly("MSG low 1 2\r\nhi\r\nPONG\r\n", w);
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-4",
            "PUB reaches another connection's subscription; payload CRLFs and reply intact",
            with(
                t,
                (s, d, w) -> {
                  DriverConnection sub = d.greeted("sub", s.address(), w);
                  DriverConnection pub = d.greeted("pub", s.address(), w);
                  sub.send(QUIET + "SUB foo 7\r\nPING\r\n");
                  sub.expectExactly("PONG\r\n", w);
                  pub.send(
                      QUIET
                          + "PUB foo 6\r\n\r\nab\r\n\r\nPUB foo rep 0\r\n\r\nPUB bar 1\r\nx\r\nPING\r\n");
                  pub.expectExactly("PONG\r\n", w);
                  sub.send("PING\r\n");
                  sub.expectExactly(
                      "MSG foo 7 6\r\n\r\nab\r\n\r\nMSG foo 7 rep 0\r\n\r\nPONG\r\n", w);
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-5",
            "wildcards: * is one token, > one or more, a wildcard inside a token is literal",
            with(
                t,
                (s, d, w) -> {
                  DriverConnection c = d.greeted("c", s.address(), w);
                  c.send(
                      QUIET
                          + "SUB a.* 1\r\nSUB a.> 2\r\nSUB f*o 3\r\n"
                          + "PUB a 1\r\n0\r\nPUB a.b 1\r\n1\r\nPUB a.b.c 1\r\n2\r\nPUB fxo 1\r\n3\r\nPUB f*o 1\r\n4\r\nPING\r\n");
                  c.expect("PONG\r\n", w);
                  String got = c.text();
                  assertFalse(
                      got.contains("\r\n0\r\n"),
                      "a.* and a.> must not match a: " + DriverConnection.show(got));
                  assertEquals(1, c.count("MSG a.b 1 1\r\n1\r\n"), DriverConnection.show(got));
                  assertEquals(1, c.count("MSG a.b 2 1\r\n1\r\n"), DriverConnection.show(got));
                  assertEquals(
                      0,
                      c.count("MSG a.b.c 1 "),
                      "* is exactly one token: " + DriverConnection.show(got));
                  assertEquals(1, c.count("MSG a.b.c 2 1\r\n2\r\n"), DriverConnection.show(got));
                  assertEquals(
                      0, c.count("MSG fxo"), "f*o is literal: " + DriverConnection.show(got));
                  assertEquals(1, c.count("MSG f*o 3 1\r\n4\r\n"), DriverConnection.show(got));
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-6",
            "queue group delivers to one member, plain subscribers get every message",
            with(
                t,
                (s, d, w) -> {
                  DriverConnection q1 = d.greeted("q1", s.address(), w);
                  DriverConnection q2 = d.greeted("q2", s.address(), w);
                  DriverConnection plain = d.greeted("plain", s.address(), w);
                  DriverConnection pub = d.greeted("pub", s.address(), w);
                  for (DriverConnection c : List.of(q1, q2)) {
                    c.send(QUIET + "SUB work grp 1\r\nPING\r\n");
                    c.expect("PONG\r\n", w);
                  }
                  plain.send(QUIET + "SUB work 9\r\nPING\r\n");
                  plain.expect("PONG\r\n", w);
                  int n = 200;
                  pub.send(QUIET + "PUB work 1\r\nx\r\n".repeat(n) + "PING\r\n");
                  pub.expect("PONG\r\n", w);
                  plain.awaitCount("MSG work 9 1\r\n", n, w);
                  // A PING answered on each member means everything routed to it before has
                  // arrived.
                  long deadline = System.nanoTime() + w.toNanos();
                  while (true) {
                    for (DriverConnection c : List.of(q1, q2)) {
                      c.send("PING\r\n");
                      c.expect("PONG\r\n", w);
                    }
                    if (q1.count("MSG work 1 1\r\n") + q2.count("MSG work 1 1\r\n") >= n
                        || System.nanoTime() > deadline) {
                      break;
                    }
                  }
                  int a = q1.count("MSG work 1 1\r\n");
                  int b = q2.count("MSG work 1 1\r\n");
                  assertEquals(
                      n, a + b, "each message to exactly one member; got " + a + " + " + b);
                  assertTrue(
                      a > 0 && b > 0,
                      "both members should get some of " + n + " messages: " + a + "/" + b);
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-7",
            "UNSUB max counts total deliveries; max 0 or reached removes at once",
            with(
                t,
                (s, d, w) -> {
                  DriverConnection c = d.greeted("c", s.address(), w);
                  c.send(
                      QUIET
                          + "SUB u 1\r\nUNSUB 1 2\r\nPUB u 1\r\n1\r\nPUB u 1\r\n2\r\nPUB u 1\r\n3\r\nPING\r\n");
                  c.expectExactly("MSG u 1 1\r\n1\r\nMSG u 1 1\r\n2\r\nPONG\r\n", w);
                  c.send("SUB v 2\r\nPUB v 1\r\n1\r\nUNSUB 2 1\r\nPUB v 1\r\n2\r\nPING\r\n");
                  c.expectExactly("MSG v 2 1\r\n1\r\nPONG\r\n", w);
                  c.send("UNSUB 99\r\nPING\r\n");
                  c.expectExactly("PONG\r\n", w);
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-8",
            "a reused sid is ignored: the first subscription stays",
            with(
                t,
                (s, d, w) -> {
                  DriverConnection c = d.greeted("c", s.address(), w);
                  c.send(QUIET + "SUB a 1\r\nSUB b 1\r\nPUB a 1\r\nx\r\nPUB b 1\r\ny\r\nPING\r\n");
                  c.expectExactly("MSG a 1 1\r\nx\r\nPONG\r\n", w);
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-9",
            "HPUB arrives as HMSG byte for byte; stripped to MSG for subscribers without headers",
            with(
                t,
                (s, d, w) -> {
                  DriverConnection old = d.greeted("old", s.address(), w);
                  DriverConnection neu = d.greeted("new", s.address(), w);
                  old.send(QUIET + "SUB h 1\r\nPING\r\n");
                  old.expectExactly("PONG\r\n", w);
                  neu.send(
                      QUIET_HEADERS
                          + "SUB h 2\r\nHPUB h r 18 19\r\nNATS/1.0\r\nK: v\r\n\r\nx\r\nPING\r\n");
                  neu.expectExactly("HMSG h 2 r 18 19\r\nNATS/1.0\r\nK: v\r\n\r\nx\r\nPONG\r\n", w);
                  old.send("PING\r\n");
                  old.expectExactly("MSG h 1 r 1\r\nx\r\nPONG\r\n", w);
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-10",
            "a request nobody receives gets the 503 no-responders HMSG, byte for byte",
            with(
                t,
                (s, d, w) -> {
                  DriverConnection c = d.greeted("c", s.address(), w);
                  c.send(
                      QUIET_HEADERS
                          + "SUB _INBOX.x.* 7\r\nPUB nobody _INBOX.x.1 2\r\nhi\r\nPING\r\n");
                  c.expectExactly("HMSG _INBOX.x.1 7 16 16\r\nNATS/1.0 503\r\n\r\n\r\nPONG\r\n", w);
                  // Without no_responders in CONNECT: silence.
                  DriverConnection q = d.greeted("q", s.address(), w);
                  q.send(
                      "CONNECT {\"verbose\":false,\"headers\":true}\r\nSUB in 1\r\nPUB nobody in 1\r\nx\r\nPING\r\n");
                  q.expectExactly("PONG\r\n", w);
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-11",
            "echo:false keeps a connection's own messages from its subscriptions",
            with(
                t,
                (s, d, w) -> {
                  DriverConnection a = d.greeted("a", s.address(), w);
                  DriverConnection b = d.greeted("b", s.address(), w);
                  b.send(QUIET + "SUB e 2\r\nPING\r\n");
                  b.expectExactly("PONG\r\n", w);
                  a.send(
                      "CONNECT {\"verbose\":false,\"echo\":false}\r\nSUB e 1\r\nPUB e 2\r\nme\r\nPING\r\n");
                  a.expectExactly("PONG\r\n", w);
                  b.send("PING\r\n");
                  b.expectExactly("MSG e 2 2\r\nme\r\nPONG\r\n", w);
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-26",
            "10,000 messages published on one connection come back byte-exact and in order",
            with(
                t,
                (s, d, w) -> {
                  DriverConnection c = d.greeted("c", s.address(), w);
                  c.send(QUIET + "SUB many 1\r\nPING\r\n");
                  c.expectExactly("PONG\r\n", w);
                  StringBuilder out = new StringBuilder();
                  StringBuilder expected = new StringBuilder();
                  for (int i = 0; i < 10_000; i++) {
                    String body = String.format("%05d", i);
                    out.append("PUB many 5\r\n").append(body).append("\r\n");
                    expected.append("MSG many 1 5\r\n").append(body).append("\r\n");
                  }
                  c.send(out.append("PING\r\n").toString());
                  c.expectExactly(expected.append("PONG\r\n").toString(), w.multipliedBy(2));
                })));
    return rules.stream();
  }
}
