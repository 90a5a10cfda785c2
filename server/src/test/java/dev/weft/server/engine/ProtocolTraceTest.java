package dev.weft.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.server.protocol.ClientOpParser;
import dev.weft.server.protocol.PubArg;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The trace text on its own, with expectations printed by Go 1.19 ({@code fmt.Printf("%q")}) and by
 * nats-server 2.9.10's {@code -V}; TraceDifferentialTest compares whole sessions with a live
 * nats-server where one is installed.
 */
class ProtocolTraceTest {

  private static String quoted(byte... b) {
    return GoQuoted.of(b, 0, b.length);
  }

  private static String quoted(String s) {
    return quoted(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void quotesPayloadsAsGoDoes() {
    assertEquals("\"hello\"", quoted("hello"));
    assertEquals("\"\"", quoted(""));
    assertEquals("\"NATS/1.0\\r\\n\\r\\nhi\"", quoted("NATS/1.0\r\n\r\nhi"));
    assertEquals("\"q\\\"b\\\\t\\tz\\x00\\x7f\"", quoted("q\"b\\t\tz\u0000\u007f"));
    assertEquals("\"é€😀\"", quoted("é€😀"));
    assertEquals(
        "\"\\u00a0\\u00ad\\u200b\\u0085\\a\\b\\v\\f\"",
        quoted("\u00a0\u00ad\u200b\u0085\u0007\b\u000b\f"));
    assertEquals("\"\\U000e0001\\ufeff\\u2028\"", quoted("\uDB40\uDC01\uFEFF\u2028"));
  }

  @Test
  void quotesBytesThatAreNotUtf8OneByOne() {
    // A lone byte, an encoded surrogate, and a truncated sequence at the end.
    assertEquals(
        "\"\\xff\\xed\\xa0\\x80\\xc3\\xe2\\x82\"",
        quoted(
            (byte) 0xff,
            (byte) 0xed,
            (byte) 0xa0,
            (byte) 0x80,
            (byte) 0xc3,
            (byte) 0xe2,
            (byte) 0x82));
    // Above U+10FFFF, and an overlong '/'.
    assertEquals(
        "\"\\xf4\\x90\\x80\\x80\\xc0\\xaf\"",
        quoted((byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, (byte) 0xc0, (byte) 0xaf));
  }

  @Test
  void tracesControlLinesTheWayNatsServerPrintsThem() {
    assertEquals("->> [OK]", ProtocolTrace.sent("+OK\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("->> [PONG]", ProtocolTrace.sent("PONG\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(
        "->> [-ERR Invalid Subject]",
        ProtocolTrace.sent("-ERR 'Invalid Subject'\r\n".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void tracesPublishesAndDeliveries() {
    assertEquals(
        "<<- [PUB foo reply 5]", onPubLine("PUB foo  reply 5\r\n", ProtocolTrace::published));
    assertEquals("<<- [HPUB foo 12 14]", onPubLine("HPUB foo 12 14\r\n", ProtocolTrace::published));
    assertEquals(
        "->> [MSG foo 1 reply 5]",
        onPubLine("PUB foo reply 5\r\n", (b, pa) -> ProtocolTrace.delivered(b, pa, "1", true)));
    assertEquals(
        "->> [HMSG foo 1 12 14]",
        onPubLine("HPUB foo 12 14\r\n", (b, pa) -> ProtocolTrace.delivered(b, pa, "1", true)));
    // A subscriber without header support gets the payload alone.
    assertEquals(
        "->> [MSG foo 1 2]",
        onPubLine("HPUB foo 12 14\r\n", (b, pa) -> ProtocolTrace.delivered(b, pa, "1", false)));
    assertEquals(
        "<<- MSG_PAYLOAD: [\"hi\"]",
        ProtocolTrace.payload("xhiy".getBytes(StandardCharsets.US_ASCII), 1, 2));
    assertEquals("<-> [DELSUB 7]", ProtocolTrace.removed("7"));
  }

  @Test
  void redactsPasswordsAndTokensInConnect() {
    assertEquals(
        "<<- [CONNECT {\"user\":\"a\",\"pass\":\"[REDACTED]\",\"auth_token\": \"[REDACTED]\"}]",
        ProtocolTrace.connect("{\"user\":\"a\",\"pass\":\"s3cret\",\"auth_token\": \"t\"}"));
  }

  /** Parses one PUB/HPUB line and applies {@code trace} to its arguments, as the server does. */
  private static String onPubLine(String line, BiFunction<byte[], PubArg, String> trace) {
    String[] out = new String[1];
    ClientOpParser.Handler h =
        (ClientOpParser.Handler)
            Proxy.newProxyInstance(
                ClientOpParser.Handler.class.getClassLoader(),
                new Class<?>[] {ClientOpParser.Handler.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("onPubLine")) {
                    out[0] = trace.apply((byte[]) args[0], (PubArg) args[1]);
                  }
                  return method.getReturnType() == boolean.class
                      ? (Object) Boolean.valueOf(method.getName().equals("headersEnabled"))
                      : method.getReturnType() == int.class ? (Object) ClientOpParser.OK : null;
                });
    ClientOpParser parser = new ClientOpParser(h, 4096, 1024);
    byte[] b = line.getBytes(StandardCharsets.US_ASCII);
    parser.feed(b, 0, b.length);
    assertEquals(ClientOpParser.OK, parser.parse());
    return out[0];
  }
}
