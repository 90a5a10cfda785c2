package dev.weft.server.routing;

/**
 * Subject rules of nats-server 2.9.10 (sublist.go). Tokens are split on '.'; a token that is
 * exactly {@code *} or {@code >} is a wildcard, while a {@code *} or {@code >} inside a longer
 * token is a literal character.
 */
public final class Subjects {
  private Subjects() {}

  /**
   * Whether a SUB subject may be inserted: no empty token, and nothing after a {@code >} token (the
   * exact check of Sublist.Insert, which is what decides {@code -ERR 'Invalid Subject'}).
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
   * IsValidLiteralSubject over wire bytes: no empty token and no wildcard token. Used for the
   * pedantic PUB check, which only warns.
   */
  public static boolean isValidLiteral(byte[] b, int off, int len) {
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
}
