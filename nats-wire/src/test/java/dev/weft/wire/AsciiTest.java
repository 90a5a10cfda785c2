package dev.weft.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsciiTest {
  @Test
  void fieldSeparatorsAreSpaceAndTabOnly() {
    assertTrue(Ascii.isSpaceOrTab(' '));
    assertTrue(Ascii.isSpaceOrTab('\t'));
    assertFalse(Ascii.isSpaceOrTab('\r'));
    assertFalse(Ascii.isSpaceOrTab('\n'));
    assertFalse(Ascii.isSpaceOrTab(0x0B));
    assertTrue(Ascii.isLineWhitespace('\r'));
    assertTrue(Ascii.isLineWhitespace('\n'));
    assertFalse(Ascii.isLineWhitespace(0x0B));
  }

  @Test
  void toUpperChangesOnlyAsciiLowerCaseLetters() {
    for (int c = -128; c < 256; c++) {
      int expected = c >= 'a' && c <= 'z' ? c - 32 : c;
      assertEquals(expected, Ascii.toUpper(c), "byte " + c);
    }
    assertEquals((byte) 0xE9, Ascii.toUpper((byte) 0xE9));
  }

  @Test
  void startsWithIgnoreCaseMatchesLettersInAnyCaseAndTheRestExactly() {
    byte[] b = "xhMsG +ok -Err".getBytes(StandardCharsets.US_ASCII);
    assertTrue(Ascii.startsWithIgnoreCase(b, 1, "HMSG"));
    assertTrue(Ascii.startsWithIgnoreCase(b, 6, "+OK"));
    assertTrue(Ascii.startsWithIgnoreCase(b, 10, "-ERR"));
    assertFalse(Ascii.startsWithIgnoreCase(b, 0, "HMSG"));
    assertFalse(Ascii.startsWithIgnoreCase("_OK".getBytes(StandardCharsets.US_ASCII), 0, "+OK"));
  }
}
