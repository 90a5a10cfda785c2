package dev.weft.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonStringsTest {
  @Test
  void quoteEscapesWhatJsonRequires() throws JsonException {
    StringBuilder sb = new StringBuilder();
    JsonStrings.quote(sb, "a\"b\\c\n\r\t\u0001\u2028<");
    assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\u0001\u2028<\"", sb.toString());
    assertEquals("a\"b\\c\n\r\t\u0001\u2028<", JsonReader.parse(sb.toString()));
  }

  @Test
  void quoteAsGoAlsoEscapesTheLineSeparators() throws JsonException {
    StringBuilder sb = new StringBuilder();
    JsonStrings.quoteAsGo(sb, "x\u2028y\u2029\u001f<>&");
    assertEquals("\"x\\u2028y\\u2029\\u001f<>&\"", sb.toString());
    assertEquals("x\u2028y\u2029\u001f<>&", JsonReader.parse(sb.toString()));
  }
}
