package dev.weft.wire;

/**
 * Non-negative decimal numbers in ASCII, written into and read from byte arrays at an offset: the
 * sizes and sids of control lines. Nothing here allocates, because both sides call it once or twice
 * per message.
 */
public final class Decimal {
  private Decimal() {}

  /** The number of decimal digits of {@code v}, which must not be negative. */
  public static int digits(int v) {
    if (v < 10) {
      return 1;
    }
    if (v < 100) {
      return 2;
    }
    if (v < 1000) {
      return 3;
    }
    if (v < 10000) {
      return 4;
    }
    if (v < 100000) {
      return 5;
    }
    if (v < 1000000) {
      return 6;
    }
    if (v < 10000000) {
      return 7;
    }
    if (v < 100000000) {
      return 8;
    }
    return v < 1000000000 ? 9 : 10;
  }

  /** The number of decimal digits of {@code v}, which must not be negative. */
  public static int digits(long v) {
    if (v <= Integer.MAX_VALUE) {
      return digits((int) v);
    }
    int n = 10;
    for (long bound = 10_000_000_000L; n < 19 && v >= bound; bound *= 10) {
      n++;
    }
    return n;
  }

  /**
   * Writes {@code v} (not negative) at {@code b[p]}, which has {@link #digits(int)} bytes of room.
   *
   * @return the index after the last digit
   */
  public static int write(byte[] b, int p, int v) {
    int end = p + digits(v);
    for (int i = end - 1; i >= p; i--) {
      b[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return end;
  }

  /**
   * Writes {@code v} (not negative) at {@code b[p]}, which has {@link #digits(long)} bytes of room.
   *
   * @return the index after the last digit
   */
  public static int write(byte[] b, int p, long v) {
    int end = p + digits(v);
    for (int i = end - 1; i >= p; i--) {
      b[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return end;
  }

  /**
   * Reads {@code b[off, off + len)} as 1 to {@code maxDigits} ASCII digits (no sign, no spaces).
   *
   * @param maxDigits at most 18, so the value always fits a long
   * @return the value, or -1 when the field is empty, too long or not all digits
   */
  public static long parse(byte[] b, int off, int len, int maxDigits) {
    if (len == 0 || len > maxDigits) {
      return -1;
    }
    long n = 0;
    for (int i = off; i < off + len; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      n = n * 10 + d;
    }
    return n;
  }

  /**
   * nats-server's parseSize, the rule for sizes (and UNSUB counts) a client sends: 1 to 9 ASCII
   * digits.
   *
   * @return the value, or -1 for anything else
   */
  public static int parseSize(byte[] b, int off, int len) {
    return (int) parse(b, off, len, 9);
  }
}
