package dev.weft.wire;

/**
 * Subject rules. Tokens are split on '.'; a token that is exactly {@code *} or {@code >} is a
 * wildcard, while a {@code *} or {@code >} inside a longer token is a literal character.
 *
 * <p>The two sides check different things, on purpose. The server applies nats-server 2.9.10's
 * rules (sublist.go) to what clients send, no stricter and no looser, so that it accepts and
 * refuses exactly what nats-server does: {@link #isValidSubscribeSubject} and {@link
 * #isValidLiteralSubject}. The client checks only that what it sends is one field of a control
 * line, {@link #isSendableSubject}, and leaves the subject rules to the server it talks to.
 */
public final class Subjects {
  private Subjects() {}

  /**
   * The server's SUB check: no empty token, and nothing after a {@code >} token (the exact check of
   * nats-server's Sublist.Insert, which is what decides {@code -ERR 'Invalid Subject'}).
   */
  public static boolean isValidSubscribeSubject(String subject) {
    int n = subject.length();
    if (n == 0) {
      return false;
    }
    int start = 0;
    boolean afterFwc = false;
    for (int i = 0; i <= n; i++) {
      if (i == n || subject.charAt(i) == '.') {
        int len = i - start;
        if (len == 0 || afterFwc) {
          return false;
        }
        if (len == 1 && subject.charAt(start) == '>') {
          afterFwc = true;
        }
        start = i + 1;
      }
    }
    return true;
  }

  /**
   * nats-server's IsValidLiteralSubject over wire bytes: no empty token and no wildcard token. The
   * server's pedantic PUB check, which only warns.
   */
  public static boolean isValidLiteralSubject(byte[] b, int off, int len) {
    int start = off;
    int end = off + len;
    for (int i = off; i <= end; i++) {
      if (i == end || b[i] == '.') {
        int tl = i - start;
        if (tl == 0) {
          return false;
        }
        if (tl == 1 && (b[start] == '*' || b[start] == '>')) {
          return false;
        }
        start = i + 1;
      }
    }
    return true;
  }

  /**
   * The client's check on a subject, reply subject or queue group it is about to send: not empty
   * and free of spaces, tabs, CR and LF, so that it stays one field of the control line. Empty
   * tokens and wildcards are the server's to judge.
   */
  public static boolean isSendableSubject(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Ascii.isLineWhitespace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
