package dev.weft.server.engine;

/**
 * Bytes quoted as Go's {@code strconv.Quote} quotes them, which is what nats-server's trace prints
 * for a payload ({@code %q}): printable UTF-8 stays as it is, the usual C escapes are used, other
 * control characters and bytes that are not valid UTF-8 become {@code \xNN}, and other
 * non-printable characters {@code \\uNNNN} or {@code \\UNNNNNNNN}.
 */
final class GoQuoted {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoQuoted() {}

  static String of(byte[] b, int off, int len) {
    StringBuilder sb = new StringBuilder(len + 2).append('"');
    int i = off;
    int end = off + len;
    while (i < end) {
      int width = utf8Width(b, i, end);
      if (width == 0) {
        hexByte(sb, b[i] & 0xFF);
        i++;
        continue;
      }
      int r = decode(b, i, width);
      i += width;
      if (r == '"' || r == '\\') {
        sb.append('\\').append((char) r);
      } else if (isPrint(r)) {
        sb.appendCodePoint(r);
      } else {
        switch (r) {
          case 0x07 -> sb.append("\\a");
          case '\b' -> sb.append("\\b");
          case '\f' -> sb.append("\\f");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          case 0x0B -> sb.append("\\v");
          default -> {
            if (r < ' ' || r == 0x7F) {
              hexByte(sb, r);
            } else if (r < 0x10000) {
              sb.append("\\u");
              hex(sb, r, 4);
            } else {
              sb.append("\\U");
              hex(sb, r, 8);
            }
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /**
   * Length of the valid UTF-8 sequence at {@code i}, or 0 when the byte there starts none (Go's
   * RuneError, width 1).
   */
  private static int utf8Width(byte[] b, int i, int end) {
    int c = b[i] & 0xFF;
    if (c < 0x80) {
      return 1;
    }
    int width;
    int lo = 0x80;
    int hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      width = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      width = 3;
      if (c == 0xE0) {
        lo = 0xA0; // no overlong forms
      } else if (c == 0xED) {
        hi = 0x9F; // no surrogates
      }
    } else if (c >= 0xF0 && c <= 0xF4) {
      width = 4;
      if (c == 0xF0) {
        lo = 0x90;
      } else if (c == 0xF4) {
        hi = 0x8F; // nothing above U+10FFFF
      }
    } else {
      return 0;
    }
    if (i + width > end) {
      return 0;
    }
    int second = b[i + 1] & 0xFF;
    if (second < lo || second > hi) {
      return 0;
    }
    for (int k = 2; k < width; k++) {
      int cont = b[i + k] & 0xFF;
      if (cont < 0x80 || cont > 0xBF) {
        return 0;
      }
    }
    return width;
  }

  private static int decode(byte[] b, int i, int width) {
    int c = b[i] & 0xFF;
    if (width == 1) {
      return c;
    }
    int r = c & (0xFF >> (width + 1));
    for (int k = 1; k < width; k++) {
      r = (r << 6) | (b[i + k] & 0x3F);
    }
    return r;
  }

  /**
   * Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII
   * space.
   */
  private static boolean isPrint(int r) {
    if (r < 0x80) {
      return r >= 0x20 && r < 0x7F;
    }
    if (r <= 0xFF) {
      return r >= 0xA1 && r != 0xAD;
    }
    return switch (Character.getType(r)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }

  private static void hexByte(StringBuilder sb, int v) {
    sb.append("\\x").append(HEX[(v >> 4) & 0xF]).append(HEX[v & 0xF]);
  }

  private static void hex(StringBuilder sb, int v, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      sb.append(HEX[(v >> shift) & 0xF]);
    }
  }
}
