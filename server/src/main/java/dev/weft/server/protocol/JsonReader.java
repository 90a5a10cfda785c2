package dev.weft.server.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader for the few documents a client sends (CONNECT, INFO). Strict the way Go's
 * encoding/json is, because nats-server closes the connection on anything that package rejects:
 * trailing data, control characters in strings, bad escapes, leading zeros.
 *
 * <p>Values: {@link Map} (insertion order), {@link List}, {@link String}, {@link Boolean}, {@link
 * Number} (the literal text, see {@link Number#text()}) and {@link #NULL}.
 */
public final class JsonReader {
  /** The JSON {@code null} value. */
  public static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  /** A JSON number kept as its literal, so an integer field can be checked exactly. */
  public record Number(String text) {
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

  /** The input is not one valid JSON value. */
  public static final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    JsonException(String message) {
      super(message);
    }
  }

  private static final int MAX_DEPTH = 64;

  private final String s;
  private int i;

  private JsonReader(String s) {
    this.s = s;
  }

  /** Parses exactly one value, surrounded by optional whitespace. */
  public static Object parse(String text) throws JsonException {
    JsonReader r = new JsonReader(text);
    r.skipWs();
    Object v = r.value(0);
    r.skipWs();
    if (r.i != text.length()) {
      throw new JsonException("invalid character '" + text.charAt(r.i) + "' after top-level value");
    }
    return v;
  }

  private Object value(int depth) throws JsonException {
    if (depth > MAX_DEPTH) {
      throw new JsonException("exceeded max depth");
    }
    if (i >= s.length()) {
      throw new JsonException("unexpected end of JSON input");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return NULL;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw new JsonException("invalid character '" + c + "' looking for beginning of value");
    }
  }

  private Map<String, Object> object(int depth) throws JsonException {
    Map<String, Object> map = new LinkedHashMap<>();
    i++;
    skipWs();
    if (peek() == '}') {
      i++;
      return map;
    }
    while (true) {
      skipWs();
      if (peek() != '"') {
        throw new JsonException("invalid character looking for beginning of object key string");
      }
      String key = string();
      skipWs();
      if (peek() != ':') {
        throw new JsonException("invalid character after object key");
      }
      i++;
      skipWs();
      map.put(key, value(depth + 1));
      skipWs();
      char c = peek();
      if (c == ',') {
        i++;
      } else if (c == '}') {
        i++;
        return map;
      } else {
        throw new JsonException("invalid character after object key:value pair");
      }
    }
  }

  private List<Object> array(int depth) throws JsonException {
    List<Object> list = new ArrayList<>();
    i++;
    skipWs();
    if (peek() == ']') {
      i++;
      return list;
    }
    while (true) {
      skipWs();
      list.add(value(depth + 1));
      skipWs();
      char c = peek();
      if (c == ',') {
        i++;
      } else if (c == ']') {
        i++;
        return list;
      } else {
        throw new JsonException("invalid character after array element");
      }
    }
  }

  private String string() throws JsonException {
    i++;
    StringBuilder sb = null;
    int start = i;
    while (true) {
      if (i >= s.length()) {
        throw new JsonException("unexpected end of JSON input");
      }
      char c = s.charAt(i);
      if (c == '"') {
        String out = sb == null ? s.substring(start, i) : sb.append(s, start, i).toString();
        i++;
        return out;
      }
      if (c < 0x20) {
        throw new JsonException("invalid character in string literal");
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(s, start, i);
        i++;
        if (i >= s.length()) {
          throw new JsonException("unexpected end of JSON input");
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw new JsonException("invalid escape");
            }
            int v = 0;
            for (int k = 0; k < 4; k++) {
              int d = Character.digit(s.charAt(i + k), 16);
              if (d < 0) {
                throw new JsonException("invalid character in \\u escape");
              }
              v = v * 16 + d;
            }
            i += 4;
            sb.append((char) v);
          }
          default -> throw new JsonException("invalid character in string escape code");
        }
        start = i;
      } else {
        i++;
      }
    }
  }

  private Number number() throws JsonException {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    if (peek() == '0') {
      i++;
    } else if (isDigit(peek())) {
      while (isDigit(peek())) {
        i++;
      }
    } else {
      throw new JsonException("invalid character in numeric literal");
    }
    if (peek() == '.') {
      i++;
      if (!isDigit(peek())) {
        throw new JsonException("invalid character after decimal point in numeric literal");
      }
      while (isDigit(peek())) {
        i++;
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      i++;
      if (peek() == '+' || peek() == '-') {
        i++;
      }
      if (!isDigit(peek())) {
        throw new JsonException("invalid character in exponent of numeric literal");
      }
      while (isDigit(peek())) {
        i++;
      }
    }
    return new Number(s.substring(start, i));
  }

  private void literal(String word) throws JsonException {
    if (!s.startsWith(word, i)) {
      throw new JsonException("invalid character in literal " + word);
    }
    i += word.length();
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void skipWs() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
      } else {
        return;
      }
    }
  }
}
