package dev.weft.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON reader for the few documents of the protocol (CONNECT, INFO), in the strictness of the
 * side that reads ({@link JsonSyntax}).
 *
 * <p>Values: {@link Map} (insertion order), {@link List}, {@link String}, {@link Boolean}, {@link
 * JsonNumber} (the literal text) and {@link #NULL}.
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

  private static final int MAX_DEPTH = 64;

  private final String s;
  private final boolean strict;
  private int i;

  private JsonReader(String s, JsonSyntax syntax) {
    this.s = s;
    this.strict = syntax == JsonSyntax.STRICT;
  }

  /**
   * Parses exactly one value, surrounded by optional whitespace, with {@link JsonSyntax#STRICT}.
   */
  public static Object parse(String text) throws JsonException {
    return parse(text, JsonSyntax.STRICT);
  }

  /** Parses exactly one value, surrounded by optional whitespace. */
  public static Object parse(String text, JsonSyntax syntax) throws JsonException {
    JsonReader r = new JsonReader(text, syntax);
    r.skipWs();
    Object v = r.value(0);
    r.skipWs();
    if (r.i != text.length()) {
      throw r.error("invalid character '" + text.charAt(r.i) + "' after top-level value");
    }
    return v;
  }

  private Object value(int depth) throws JsonException {
    if (strict && depth > MAX_DEPTH) {
      throw error("exceeded max depth");
    }
    if (i >= s.length()) {
      throw error("unexpected end of JSON input");
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
          return strict ? number() : lenientNumber();
        }
        throw error("invalid character '" + c + "' looking for beginning of value");
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
        throw error("invalid character looking for beginning of object key string");
      }
      String key = string();
      skipWs();
      if (peek() != ':') {
        throw error("invalid character after object key");
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
        throw error("invalid character after object key:value pair");
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
        throw error("invalid character after array element");
      }
    }
  }

  private String string() throws JsonException {
    i++;
    StringBuilder sb = null;
    int start = i;
    while (true) {
      if (i >= s.length()) {
        throw error("unexpected end of JSON input");
      }
      char c = s.charAt(i);
      if (c == '"') {
        String out = sb == null ? s.substring(start, i) : sb.append(s, start, i).toString();
        i++;
        return out;
      }
      if (c < 0x20 && strict) {
        throw error("invalid character in string literal");
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(s, start, i);
        i++;
        if (i >= s.length()) {
          throw error("unexpected end of JSON input");
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> sb.append(unicodeEscape());
          default -> throw error("invalid character in string escape code");
        }
        start = i;
      } else {
        i++;
      }
    }
  }

  /** The four characters after {@code \\u}. */
  private char unicodeEscape() throws JsonException {
    if (i + 4 > s.length()) {
      throw error("invalid escape");
    }
    int v = 0;
    if (strict) {
      for (int k = 0; k < 4; k++) {
        int d = Character.digit(s.charAt(i + k), 16);
        if (d < 0) {
          throw error("invalid character in \\u escape");
        }
        v = v * 16 + d;
      }
    } else {
      try {
        v = Integer.parseInt(s, i, i + 4, 16);
      } catch (NumberFormatException e) {
        throw error("invalid character in \\u escape");
      }
    }
    i += 4;
    return (char) v;
  }

  private JsonNumber number() throws JsonException {
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
      throw error("invalid character in numeric literal");
    }
    if (peek() == '.') {
      i++;
      if (!isDigit(peek())) {
        throw error("invalid character after decimal point in numeric literal");
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
        throw error("invalid character in exponent of numeric literal");
      }
      while (isDigit(peek())) {
        i++;
      }
    }
    return new JsonNumber(s.substring(start, i));
  }

  private JsonNumber lenientNumber() throws JsonException {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    while (i < s.length()) {
      char c = s.charAt(i);
      if (isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
        i++;
      } else {
        break;
      }
    }
    String text = s.substring(start, i);
    try {
      Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw error("invalid numeric literal '" + text + "'");
    }
    return new JsonNumber(text);
  }

  private void literal(String word) throws JsonException {
    if (!s.startsWith(word, i)) {
      throw error("invalid character in literal " + word);
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
      boolean ws =
          strict ? c == ' ' || c == '\t' || c == '\n' || c == '\r' : Character.isWhitespace(c);
      if (ws) {
        i++;
      } else {
        return;
      }
    }
  }

  private JsonException error(String message) {
    return new JsonException(message, i);
  }
}
