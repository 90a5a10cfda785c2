package dev.weft.tck.server;

import static dev.weft.tck.server.ProtocolRules.with;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/**
 * -ERR texts and which errors close the connection, as nats-server 2.9.10 puts them on the wire.
 */
final class ErrorRules {
  private ErrorRules() {}

  /** Sends {@code input} on a fresh connection and expects exactly {@code reply} and then EOF. */
  private static void closesWith(
      TargetServer s, ProtocolDriver d, Duration w, String name, String input, String reply)
      throws Exception {
    DriverConnection c = d.greeted(name, s.address(), w);
    c.sendQuietly(input);
    String rest = c.expectEof(w);
    assertEquals(
        DriverConnection.show(reply), DriverConnection.show(rest), name + ": bytes before close");
  }

  static Stream<DynamicNode> tests(TckTarget t) {
    List<DynamicNode> rules = new ArrayList<>();
    rules.add(
        Rule.required(
            t,
            "SRV-12",
            "protocol violations: the exact -ERR text, then close",
            with(
                t,
                b -> b.maxPayload(1024),
                (s, d, w) -> {
                  String q = "CONNECT {\"verbose\":false}\r\n";
                  closesWith(
                      s,
                      d,
                      w,
                      "unknown-op",
                      q + "FOO bar\r\n",
                      "-ERR 'Unknown Protocol Operation'\r\n");
                  closesWith(
                      s,
                      d,
                      w,
                      "short-payload",
                      q + "PUB x 2\r\nabc\r\n",
                      "-ERR 'Unknown Protocol Operation'\r\n");
                  closesWith(
                      s,
                      d,
                      w,
                      "control-line",
                      q + "SUB " + "x".repeat(4100) + " 1\r\n",
                      "-ERR 'maximum control line exceeded'\r\n");
                  closesWith(
                      s,
                      d,
                      w,
                      "max-payload",
                      q + "PUB big 1025\r\n",
                      "-ERR 'Maximum Payload Violation'\r\n");
                  closesWith(
                      s,
                      d,
                      w,
                      "protocol",
                      "CONNECT {\"protocol\":2}\r\n",
                      "-ERR 'invalid client protocol'\r\n");
                  closesWith(
                      s,
                      d,
                      w,
                      "no-responders",
                      "CONNECT {\"no_responders\":true}\r\n",
                      "-ERR 'no responders requires headers support'\r\n");
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-13",
            "bad arguments, bad CONNECT JSON and HPUB without headers close silently",
            with(
                t,
                (s, d, w) -> {
                  String q = "CONNECT {\"verbose\":false}\r\n";
                  closesWith(s, d, w, "pub-size", q + "PUB x abc\r\n", "");
                  closesWith(s, d, w, "sub-args", q + "SUB x\r\n", "");
                  closesWith(s, d, w, "json", "CONNECT {bad}\r\n", "");
                  closesWith(s, d, w, "hpub", q + "HPUB h 12 13\r\nNATS/1.0\r\n\r\nx\r\n", "");
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-14",
            "an invalid SUB subject gets -ERR 'Invalid Subject' and the connection stays",
            with(
                t,
                (s, d, w) -> {
                  DriverConnection c = d.greeted("c", s.address(), w);
                  c.send(
                      "CONNECT {\"verbose\":false}\r\nSUB foo..bar 1\r\nSUB foo.>.bar 2\r\nSUB ok 3\r\nPUB ok 1\r\nx\r\nPING\r\n");
                  c.expectExactly(
                      "-ERR 'Invalid Subject'\r\n-ERR 'Invalid Subject'\r\nMSG ok 3 1\r\nx\r\nPONG\r\n",
                      w);
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-15",
            "pedantic: a wildcard PUB subject gets -ERR 'Invalid Publish Subject', still delivered",
            with(
                t,
                (s, d, w) -> {
                  DriverConnection c = d.greeted("c", s.address(), w);
                  c.send(
                      "CONNECT {\"verbose\":false,\"pedantic\":true}\r\nSUB > 1\r\nPUB foo.* 1\r\nx\r\nPING\r\n");
                  c.expectExactly(
                      "-ERR 'Invalid Publish Subject'\r\nMSG foo.* 1 1\r\nx\r\nPONG\r\n", w);
                })));
    return rules.stream();
  }
}
