package dev.weft.server.config;

import java.util.List;
import java.util.Map;

/**
 * One parsed value with the place it was written, so that errors found while applying the
 * configuration (not only while parsing it) can still name the line.
 *
 * @param value a {@link String}, {@link Long}, {@link Double}, {@link Boolean}, {@code
 *     List<ConfigValue>} or {@code Map<String, ConfigValue>} (keys lower-cased)
 * @param quoted true when the value was a quoted string: {@code "2s"} is a string even if it looks
 *     like something else
 * @param line 1-based line of the value's key (or of the value itself inside an array)
 * @param column 1-based column
 */
public record ConfigValue(Object value, boolean quoted, int line, int column) {

  @SuppressWarnings("unchecked")
  public Map<String, ConfigValue> asMap() {
    return (Map<String, ConfigValue>) value;
  }

  @SuppressWarnings("unchecked")
  public List<ConfigValue> asList() {
    return (List<ConfigValue>) value;
  }

  public String typeName() {
    return switch (value) {
      case String s -> "string";
      case Long l -> "integer";
      case Double d -> "float";
      case Boolean b -> "boolean";
      case List<?> l -> "array";
      case Map<?, ?> m -> "map";
      default -> value.getClass().getSimpleName();
    };
  }
}
