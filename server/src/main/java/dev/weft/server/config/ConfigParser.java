package dev.weft.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the nats-server configuration syntax into a tree of {@link ConfigValue}s: {@code key:
 * value}, {@code key = value} or {@code key value}; quoted or bare strings; integers with
 * nats-server's size suffixes ({@code k}=1000, {@code kb}=1024, {@code m}, {@code mb}, {@code g},
 * {@code gb}); floats; booleans ({@code true/false/yes/no/on/off}); {@code { }} blocks and {@code [
 * ]} arrays whose items are separated by commas, semicolons or new lines; {@code #} and {@code //}
 * comments. Keys are matched case-insensitively, as nats-server does. Variables and {@code include}
 * are not supported and are reported as errors rather than silently misread.
 */
public final class ConfigParser {
  private static final Pattern FLOAT = Pattern.compile("-?\\d+\\.\\d+");

  private final String file;
  private final String text;
  private int pos;
  private int line = 1;
  private int lineStart;

  private ConfigParser(String file, String text) {
    this.file = file;
    this.text = text;
  }

  /**
   * Parses a whole document.
   *
   * @param file name used in error messages
   * @return the top-level keys, lower-cased, in file order
   */
  public static Map<String, ConfigValue> parse(String file, String text) throws ConfigException {
    ConfigParser p = new ConfigParser(file, text);
    Map<String, ConfigValue> top = p.mapBody(false);
    return top;
  }

  private Map<String, ConfigValue> mapBody(boolean braced) throws ConfigException {
    Map<String, ConfigValue> map = new LinkedHashMap<>();
    while (true) {
      skipSeparators(true);
      if (atEnd()) {
        if (braced) {
          throw error("unexpected end of file, missing '}'");
        }
        return map;
      }
      char c = peek();
      if (c == '}') {
        if (!braced) {
          throw error("unexpected '}'");
        }
        pos++;
        return map;
      }
      int keyLine = line;
      int keyCol = column();
      String key = key();
      if (key.equalsIgnoreCase("include")) {
        throw ConfigException.at(file, keyLine, keyCol, "'include' is not supported");
      }
      skipSeparators(false);
      if (!atEnd() && (peek() == '=' || peek() == ':')) {
        pos++;
        skipSeparators(false);
      }
      if (atEnd() || peek() == '\n') {
        throw ConfigException.at(file, keyLine, keyCol, "missing value for key \"" + key + "\"");
      }
      ConfigValue v = value(keyLine, keyCol, key);
      map.put(key.toLowerCase(Locale.ROOT), v);
    }
  }

  private String key() throws ConfigException {
    char c = peek();
    if (c == '"' || c == '\'') {
      return quoted();
    }
    int start = pos;
    while (!atEnd()) {
      c = peek();
      if (Character.isWhitespace(c)
          || c == '='
          || c == ':'
          || c == '{'
          || c == '['
          || c == '}'
          || c == ','
          || c == ';'
          || c == '#') {
        break;
      }
      pos++;
    }
    if (pos == start) {
      throw error("expected a key, found '" + c + "'");
    }
    return text.substring(start, pos);
  }

  private ConfigValue value(int keyLine, int keyCol, String key) throws ConfigException {
    char c = peek();
    if (c == '{') {
      pos++;
      return new ConfigValue(mapBody(true), false, keyLine, keyCol);
    }
    if (c == '[') {
      pos++;
      return new ConfigValue(array(), false, keyLine, keyCol);
    }
    if (c == '"' || c == '\'') {
      return new ConfigValue(quoted(), true, keyLine, keyCol);
    }
    int start = pos;
    while (!atEnd() && !endsBareValue()) {
      pos++;
    }
    String raw = text.substring(start, pos);
    if (raw.isEmpty()) {
      throw ConfigException.at(file, keyLine, keyCol, "missing value for key \"" + key + "\"");
    }
    if (raw.startsWith("$")) {
      throw ConfigException.at(
          file, keyLine, keyCol, "variables are not supported (key \"" + key + "\")");
    }
    return new ConfigValue(classify(raw, keyLine, keyCol, key), false, keyLine, keyCol);
  }

  private List<ConfigValue> array() throws ConfigException {
    List<ConfigValue> list = new ArrayList<>();
    while (true) {
      skipSeparators(true);
      if (atEnd()) {
        throw error("unexpected end of file, missing ']'");
      }
      if (peek() == ']') {
        pos++;
        return list;
      }
      list.add(value(line, column(), "array element"));
    }
  }

  private Object classify(String raw, int l, int col, String key) throws ConfigException {
    switch (raw.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> {
        return Boolean.TRUE;
      }
      case "false", "no", "off" -> {
        return Boolean.FALSE;
      }
      default -> {}
    }
    if (FLOAT.matcher(raw).matches()) {
      return Double.parseDouble(raw);
    }
    try {
      Long size = ByteSize.parse(raw);
      if (size != null) {
        return size;
      }
    } catch (ArithmeticException e) {
      throw ConfigException.at(file, l, col, "number out of range for key \"" + key + "\": " + raw);
    }
    // Anything else, e.g. "10s" or "127.0.0.1:4222", is a bare string, read by the key that uses
    // it.
    return raw;
  }

  private String quoted() throws ConfigException {
    char quote = text.charAt(pos++);
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (atEnd() || peek() == '\n') {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == quote) {
        return sb.toString();
      }
      if (c == '\\' && quote == '"') {
        if (atEnd()) {
          throw error("unterminated string");
        }
        char e = text.charAt(pos++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case '"' -> sb.append('"');
          case '\\' -> sb.append('\\');
          case 'u' -> {
            if (pos + 4 > text.length()) {
              throw error("bad \\u escape");
            }
            try {
              sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad \\u escape");
            }
            pos += 4;
          }
          default -> throw error("invalid escape '\\" + e + "'");
        }
      } else {
        sb.append(c);
      }
    }
  }

  private boolean endsBareValue() {
    char c = peek();
    return Character.isWhitespace(c)
        || c == ','
        || c == ';'
        || c == '}'
        || c == ']'
        || c == '#'
        || (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '/');
  }

  /** Skips blanks, comments and (when {@code newlines}) line breaks and item separators. */
  private void skipSeparators(boolean newlines) {
    while (!atEnd()) {
      char c = peek();
      if (c == '\n') {
        if (!newlines) {
          return;
        }
        pos++;
        line++;
        lineStart = pos;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
      } else if (newlines && (c == ',' || c == ';')) {
        pos++;
      } else if (c == '#' || (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '/')) {
        while (!atEnd() && peek() != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private char peek() {
    return text.charAt(pos);
  }

  private int column() {
    return pos - lineStart + 1;
  }

  private ConfigException error(String message) {
    return ConfigException.at(file, line, column(), message);
  }
}
