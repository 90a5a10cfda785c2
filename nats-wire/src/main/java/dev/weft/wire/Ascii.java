package dev.weft.wire;

/**
 * ASCII byte tests of the control-line grammar: fields are separated by runs of spaces and tabs,
 * and op names match in any case.
 */
public final class Ascii {
  private Ascii() {}

  /** Whether {@code c} separates the fields of a control line (space or tab). */
  public static boolean isSpaceOrTab(int c) {
    return c == ' ' || c == '\t';
  }

  /** Whether {@code c} is a space, tab, CR or LF: a byte no single field may contain. */
  public static boolean isLineWhitespace(int c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /** {@code c} with an ASCII lower-case letter made upper case; any other value unchanged. */
  public static int toUpper(int c) {
    return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
  }

  /**
   * Whether {@code b[off ..]} starts with {@code upper} in any ASCII case. {@code upper} is the
   * upper-case form (its non-letters match exactly); {@code b} must hold {@code upper.length()}
   * bytes from {@code off}.
   */
  public static boolean startsWithIgnoreCase(byte[] b, int off, String upper) {
    for (int i = 0; i < upper.length(); i++) {
      if (toUpper(b[off + i]) != upper.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
