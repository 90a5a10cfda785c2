package dev.weft.server.differential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness itself: script syntax, escapes and frame splitting. */
class ProtocolScriptTest {
  @Test
  void parsesEveryCommand() {
    ProtocolScript s =
        ProtocolScript.parse(
            "x",
            """
                # comment
                config max_payload: 16
                timeout 700
                open a
                open b
                nocompare b
                unordered a
                send a PUB x 2\\r\\nhi\\r\\n
                wait a MSG\\sx
                count a,b 3 MSG
                eof b
                close a
                """);
    assertEquals(List.of("max_payload: 16"), s.config());
    assertEquals(7, s.steps().size());
    assertEquals(java.util.Set.of("b"), s.noCompare());
    assertEquals(java.util.Set.of("a"), s.unordered());
    ProtocolScript.Send send = assertInstanceOf(ProtocolScript.Send.class, s.steps().get(2));
    assertArrayEquals("PUB x 2\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII), send.bytes());
    ProtocolScript.Wait wait = assertInstanceOf(ProtocolScript.Wait.class, s.steps().get(3));
    assertEquals(700, wait.timeout().toMillis());
    assertEquals(9, wait.line());
    ProtocolScript.Count count = assertInstanceOf(ProtocolScript.Count.class, s.steps().get(4));
    assertEquals(List.of("a", "b"), count.conns());
    assertEquals(3, count.expected());
  }

  @Test
  void errorsNameScriptAndLine() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ProtocolScript.parse("bad", "open a\nsend b PING\\r\\n\n"));
    assertTrue(
        e.getMessage().startsWith("bad.txt:2: connection 'b' used before 'open'"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> ProtocolScript.parse("bad", "frobnicate a\n"));
    assertThrows(
        IllegalArgumentException.class, () -> ProtocolScript.parse("bad", "open a\nsend a \\q\n"));
  }

  @Test
  void escapesRoundTrip() {
    byte[] b = ProtocolScript.unescape("a\\r\\n\\t\\s\\\\\\x00\\xff{{z*3}}é");
    assertArrayEquals(
        new byte[] {
          'a', '\r', '\n', '\t', ' ', '\\', 0, (byte) 0xff, 'z', 'z', 'z', (byte) 0xc3, (byte) 0xa9
        },
        b);
    assertEquals("a\\r\\n\\t \\\\\\x00\\xffzzz\\xc3\\xa9", ProtocolScript.escape(b));
  }

  @Test
  void framesKeepPayloadsWhole() {
    byte[] stream =
        "MSG a 1 4\r\n\r\nx\r\r\nPONG\r\nHMSG h 2 12 13\r\nNATS/1.0\r\n\r\nx\r\nPAR"
            .getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(
        List.of(
            "MSG a 1 4\\r\\n\\r\\nx\\r\\r\\n",
            "PONG\\r\\n",
            "HMSG h 2 12 13\\r\\nNATS/1.0\\r\\n\\r\\nx\\r\\n",
            "PAR"),
        Frames.split(stream));
  }
}
