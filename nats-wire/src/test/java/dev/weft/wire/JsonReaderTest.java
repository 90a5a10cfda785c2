package dev.weft.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
  @Test
  void readsEveryKindOfValueInBothSyntaxes() throws JsonException {
    String doc =
        " {\"s\":\"a\\\"b\\\\c\\/\\n\\u00e9\",\"n\":-12,\"f\":1.5e2,\"t\":true,\"x\":null,"
            + "\"a\":[1,{\"k\":[]}],\"o\":{}} ";
    for (JsonSyntax syntax : JsonSyntax.values()) {
      Map<?, ?> m = (Map<?, ?>) JsonReader.parse(doc, syntax);
      assertEquals(List.of("s", "n", "f", "t", "x", "a", "o"), List.copyOf(m.keySet()));
      assertEquals("a\"b\\c/\né", m.get("s"));
      assertEquals(new JsonNumber("-12"), m.get("n"));
      assertEquals(new JsonNumber("1.5e2"), m.get("f"));
      assertEquals(Boolean.TRUE, m.get("t"));
      assertSame(JsonReader.NULL, m.get("x"));
      assertEquals(List.of(new JsonNumber("1"), Map.of("k", List.of())), m.get("a"));
      assertEquals(Map.of(), m.get("o"));
    }
  }

  @Test
  void strictIsGoEncodingJson() {
    for (String bad :
        new String[] {
          "{\"a\":01}", // leading zero
          "{\"a\":1.}", // no digit after the point
          "{\"a\":1e}", // no exponent digits
          "{\"a\":-}", // no digits
          "{\"a\":\"x\u0001\"}", // control character in a string
          "{\"a\":\"\\u+123\"}", // sign inside \\u
          "\u000b{}", // whitespace Go does not skip
          "{}\u2003",
          "[".repeat(70) + "]".repeat(70), // deeper than Go allows
          "{\"a\":1,}",
          "[1,]",
          "{\"a\" 1}",
          "{\"a\":1} x",
          "{\"a\":tru}",
          "\"\\x\"",
        }) {
      assertThrows(JsonException.class, () -> JsonReader.parse(bad), bad);
    }
  }

  @Test
  void strictKeepsGoStyleMessagesAndTheOffset() {
    JsonException e = assertThrows(JsonException.class, () -> JsonReader.parse("{\"a\":}"));
    assertEquals("invalid character '}' looking for beginning of value", e.getMessage());
    assertEquals(5, e.offset());
    e = assertThrows(JsonException.class, () -> JsonReader.parse("{\"a\":1} x"));
    assertEquals("invalid character 'x' after top-level value", e.getMessage());
    e = assertThrows(JsonException.class, () -> JsonReader.parse("{\"a\""));
    assertEquals("invalid character after object key", e.getMessage());
    assertEquals(-1, new JsonException("field of the wrong type").offset());
  }

  @Test
  void lenientAcceptsWhatTheClientAlwaysAcceptedFromAServer() throws JsonException {
    Map<?, ?> m =
        (Map<?, ?>)
            JsonReader.parse(
                "\u000b{\"a\":01,\"b\":\"x\u0001\",\"c\":\"\\u+041\",\"d\":1e5,\"e\":2.}\u2003",
                JsonSyntax.LENIENT);
    assertEquals(new JsonNumber("01"), m.get("a"));
    assertEquals("x\u0001", m.get("b"));
    assertEquals("A", m.get("c"));
    assertEquals(new JsonNumber("1e5"), m.get("d"));
    assertEquals(new JsonNumber("2."), m.get("e"));
    Object deep = JsonReader.parse("[".repeat(70) + "]".repeat(70), JsonSyntax.LENIENT);
    assertEquals(List.class, deep instanceof List ? List.class : deep.getClass());
  }

  @Test
  void lenientStillRejectsBrokenStructureAndUnreadableNumbers() {
    for (String bad :
        new String[] {
          "{\"a\":}",
          "{\"a\":1",
          "{\"a\":1,}",
          "[1,]",
          "{\"a\":1} x",
          "{\"a\":-}",
          "{\"a\":1-2}",
          "{\"a\":1e}",
          "\"\\uzzzz\"",
          "\"abc",
        }) {
      assertThrows(JsonException.class, () -> JsonReader.parse(bad, JsonSyntax.LENIENT), bad);
    }
    JsonException e =
        assertThrows(JsonException.class, () -> JsonReader.parse("{\"a\":}", JsonSyntax.LENIENT));
    assertEquals(5, e.offset());
  }

  @Test
  void numbersKeepTheirLiteral() {
    assertEquals(42L, new JsonNumber("42").asLong());
    assertEquals(-7L, new JsonNumber("-7").asLong());
    assertNull(new JsonNumber("1.0").asLong());
    assertNull(new JsonNumber("1e3").asLong());
    assertNull(new JsonNumber("99999999999999999999").asLong());
  }
}
