package dev.weft.wire;

/**
 * JSON string literals for the documents each side writes (INFO from the server, CONNECT from the
 * client). Both escape what RFC 8259 requires; the server also escapes what Go's encoder escapes
 * beyond that, so its INFO lines up byte for byte with nats-server's.
 */
public final class JsonStrings {
  private JsonStrings() {}

  /**
   * Appends {@code s} quoted, escaping only quote, backslash and the control characters (as {@code
   * \\n}, {@code \\r}, {@code \\t} or {@code \\u00XX}).
   */
  public static void quote(StringBuilder out, String s) {
    quote(out, s, false);
  }

  /**
   * As {@link #quote}, and also escapes U+2028 and U+2029 as Go's encoding/json does (it also
   * escapes {@code <}, {@code >} and {@code &} for HTML safety, which no NATS client cares about).
   */
  public static void quoteAsGo(StringBuilder out, String s) {
    quote(out, s, true);
  }

  private static void quote(StringBuilder out, String s, boolean lineSeparators) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || (lineSeparators && (c == 0x2028 || c == 0x2029))) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
