package dev.weft.wire;

/** How strictly {@link JsonReader} reads. */
public enum JsonSyntax {
  /**
   * Go's encoding/json, which nats-server uses on what a client sends and closes the connection on
   * anything it rejects: only space, tab, CR and LF between tokens, no control characters in
   * strings, exactly four hex digits in a {@code \\u} escape, the RFC 8259 number grammar (no
   * leading zeros) and at most 64 levels of nesting. The server reads CONNECT and INFO this way.
   */
  STRICT,

  /**
   * What the client accepts from a server: any Java whitespace between tokens, raw control
   * characters in strings, a {@code \\u} escape of four characters that {@link
   * Integer#parseInt(String, int)} reads in base 16, a number that is an optional {@code -} and
   * then any run of digits, {@code .}, {@code e}, {@code E}, {@code +} and {@code -} that {@link
   * Double#parseDouble} reads, and no nesting limit. The structure (objects, arrays, literals, one
   * value and nothing after it) is as strict as {@link #STRICT}.
   */
  LENIENT
}
