package dev.weft.wire;

/** The input is not one valid JSON value, or a value does not have the type a field needs. */
public final class JsonException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int offset;

  /** A problem with no position in the text (a field of the wrong type, for example). */
  public JsonException(String message) {
    this(message, -1);
  }

  /** A syntax error found at {@code offset} (a char index) of the text. */
  public JsonException(String message, int offset) {
    super(message);
    this.offset = offset;
  }

  /** The char index where the text stopped being valid, or -1 when the problem has no position. */
  public int offset() {
    return offset;
  }
}
