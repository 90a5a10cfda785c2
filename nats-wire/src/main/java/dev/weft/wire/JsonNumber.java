package dev.weft.wire;

/**
 * A JSON number kept as its literal text, so that each side decides how to read it: the server
 * checks an integer field exactly, the client turns it into a {@code Long} or a {@code Double}.
 */
public record JsonNumber(String text) {
  /** The value if the literal is an integer that fits a long, else null. */
  public Long asLong() {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.' || c == 'e' || c == 'E') {
        return null;
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
