package dev.weft.client.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.ServerInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void readsTheInfoThatNatsServerSends() {
    String json =
        "{\"server_id\":\"NCUD\",\"server_name\":\"NCUD\",\"version\":\"2.9.10\",\"proto\":1,"
            + "\"go\":\"go1.19.8\",\"host\":\"127.0.0.1\",\"port\":4222,\"headers\":true,\"max_payload\":1048576,"
            + "\"client_id\":4,\"client_ip\":\"127.0.0.1\",\"connect_urls\":[\"10.0.0.1:4222\"],\"auth_required\":true}";
    ServerInfo info = ServerInfo.parse(json);
    assertEquals("2.9.10", info.version());
    assertEquals(1, info.proto());
    assertTrue(info.headers());
    assertTrue(info.authRequired());
    assertEquals(1_048_576, info.maxPayload());
    assertEquals(4, info.clientId());
    assertEquals(List.of("10.0.0.1:4222"), info.connectUrls());
    assertEquals("go1.19.8", info.raw().get("go"));
  }

  @Test
  void missingFieldsTakeNeutralValues() {
    ServerInfo info = ServerInfo.parse("{\"server_id\":\"test\"}");
    assertEquals(0, info.maxPayload());
    assertEquals(false, info.headers());
    assertEquals("", info.version());
  }

  @Test
  void handlesEscapesNestingNumbersAndLiterals() {
    Map<String, Object> m =
        Json.parseObject(
            " {\"s\":\"a\\\"b\\\\c\\n\\u00e9\",\"n\":-12,\"f\":1.5e2,\"t\":true,\"x\":null,\"a\":[1,{\"k\":[]}],\"o\":{}} ");
    assertEquals("a\"b\\c\né", m.get("s"));
    assertEquals(-12L, m.get("n"));
    assertEquals(150.0, m.get("f"));
    assertEquals(Boolean.TRUE, m.get("t"));
    assertTrue(m.containsKey("x"));
    assertEquals(List.of(1L, Map.of("k", List.of())), m.get("a"));
    assertEquals(Map.of(), m.get("o"));
  }

  @Test
  void readsWhatOnlyTheLenientSyntaxAccepts() {
    Map<String, Object> m =
        Json.parseObject("{\"c\":\"a\u0001b\",\"z\":007,\"big\":123456789012345678901}\u2003");
    assertEquals("a\u0001b", m.get("c"));
    assertEquals(7L, m.get("z"));
    assertEquals(1.2345678901234568e20, m.get("big"));
  }

  @Test
  void malformedInputIsRejectedWithTheOffset() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":}"));
    assertTrue(e.getMessage().contains("offset 5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1} x"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1"));
    assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
  }
}
