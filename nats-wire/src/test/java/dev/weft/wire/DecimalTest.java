package dev.weft.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecimalTest {
  @Test
  void digitsAtEveryPowerOfTen() {
    long p = 1;
    for (int n = 1; n <= 19; n++) {
      assertEquals(n, Decimal.digits(p), "10^" + (n - 1));
      assertEquals(
          n, Decimal.digits(p * 10 - 1 > 0 ? p * 10 - 1 : Long.MAX_VALUE), "10^" + n + "-1");
      if (p <= Integer.MAX_VALUE) {
        assertEquals(n, Decimal.digits((int) p));
      }
      p *= 10;
    }
    assertEquals(1, Decimal.digits(0));
    assertEquals(10, Decimal.digits(Integer.MAX_VALUE));
    assertEquals(19, Decimal.digits(Long.MAX_VALUE));
  }

  @Test
  void writesAtAnOffsetAndReturnsTheEnd() {
    byte[] b = "xx..........yy".getBytes(StandardCharsets.US_ASCII);
    int end = Decimal.write(b, 2, 1048576);
    assertEquals(9, end);
    assertEquals("xx1048576...yy", new String(b, StandardCharsets.US_ASCII));
    end = Decimal.write(b, 2, 0);
    assertEquals(3, end);
    assertEquals('0', b[2]);
  }

  @Test
  void writesLongsAsStringValueOfDoes() {
    for (long v : new long[] {0, 9, 10, 4_294_967_295L, 10_000_000_000L, Long.MAX_VALUE}) {
      byte[] b = new byte[20];
      int end = Decimal.write(b, 0, v);
      assertEquals(String.valueOf(v), new String(b, 0, end, StandardCharsets.US_ASCII));
    }
    for (int v : new int[] {0, 7, 99, 100, 999_999_999, 1_000_000_000, Integer.MAX_VALUE}) {
      byte[] b = new byte[10];
      int end = Decimal.write(b, 0, v);
      assertEquals(String.valueOf(v), new String(b, 0, end, StandardCharsets.US_ASCII));
    }
  }

  @Test
  void parseReadsOnlyDigitsUpToTheLimit() {
    assertEquals(123, parse(" 123 ", 1, 3, 9));
    assertEquals(0, parse("0", 0, 1, 9));
    assertEquals(-1, parse("", 0, 0, 9));
    assertEquals(-1, parse("12a", 0, 3, 9));
    assertEquals(-1, parse("-1", 0, 2, 9));
    assertEquals(-1, parse("+1", 0, 2, 9));
    assertEquals(-1, parse("1234567890", 0, 10, 9));
    assertEquals(1234567890L, parse("1234567890", 0, 10, 18));
    assertEquals(999_999_999_999_999_999L, parse("999999999999999999", 0, 18, 18));
  }

  @Test
  void parseSizeIsNatsServersRule() {
    byte[] nine = "999999999".getBytes(StandardCharsets.US_ASCII);
    assertEquals(999_999_999, Decimal.parseSize(nine, 0, 9));
    byte[] ten = "1000000000".getBytes(StandardCharsets.US_ASCII);
    assertEquals(-1, Decimal.parseSize(ten, 0, 10));
    assertEquals(-1, Decimal.parseSize(nine, 0, 0));
  }

  private static long parse(String s, int off, int len, int max) {
    return Decimal.parse(s.getBytes(StandardCharsets.US_ASCII), off, len, max);
  }
}
