package dev.weft.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
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
    byte[] b = "foo reply".getBytes(StandardCharsets.US_ASCII);
    assertEquals("<<- [PUB foo reply 5]", ProtocolTrace.published(b, 0, 3, 4, 5, -1, 5));
    assertEquals("<<- [HPUB foo 12 14]", ProtocolTrace.published(b, 0, 3, 0, 0, 12, 14));
    assertEquals(
        "->> [MSG foo 1 reply 5]", ProtocolTrace.delivered(b, 0, 3, "1", 4, 5, -1, 5, true));
    assertEquals(
        "->> [HMSG foo 1 12 14]", ProtocolTrace.delivered(b, 0, 3, "1", 0, 0, 12, 14, true));
    // A subscriber without header support gets the payload alone.
    assertEquals("->> [MSG foo 1 2]", ProtocolTrace.delivered(b, 0, 3, "1", 0, 0, 12, 14, false));
    assertEquals(
        "<<- MSG_PAYLOAD: [\"hi\"]",
        ProtocolTrace.payload("xhiy".getBytes(StandardCharsets.US_ASCII), 1, 2));
    assertEquals("<-> [DELSUB 7]", ProtocolTrace.removed("7"));
  }
}
