package dev.weft.client.protocol;

import dev.weft.wire.JsonException;
import dev.weft.wire.JsonNumber;
import dev.weft.wire.JsonReader;
import dev.weft.wire.JsonSyntax;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The INFO a server sends, read as the client reads it: {@link JsonSyntax#LENIENT}, so that a
 * server's odd but readable JSON does not cost the connection. Objects become {@link
 * LinkedHashMap}, arrays {@link List}, numbers {@link Long} or {@link Double}, {@code null} Java's
 * null.
 */
public final class Json {
  private Json() {}

  /**
   * Parses one JSON value that fills {@code text} (surrounding whitespace allowed).
   *
   * @throws IllegalArgumentException with the offset, on malformed input
   */
  public static Object parse(String text) {
    try {
      return toJava(JsonReader.parse(text, JsonSyntax.LENIENT));
    } catch (JsonException e) {
      throw new IllegalArgumentException(
          "bad JSON at offset " + e.offset() + ": " + e.getMessage(), e);
    }
  }

  /** Parses a JSON object; anything else is an error. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) {
    Object v = parse(text);
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("expected a JSON object, got " + text);
    }
    return (Map<String, Object>) v;
  }

  private static Object toJava(Object v) {
    if (v == JsonReader.NULL) {
      return null;
    }
    if (v instanceof JsonNumber n) {
      return number(n.text());
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put((String) e.getKey(), toJava(e.getValue()));
      }
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(toJava(o));
      }
      return out;
    }
    return v;
  }

  /**
   * An integer literal as a Long when it fits, anything else (which the reader checked) a Double.
   */
  private static Object number(String s) {
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
        return Double.parseDouble(s);
      }
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return Double.parseDouble(s);
    }
  }
}
