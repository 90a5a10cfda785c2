package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeadersTest {
  @Test
  void repeatedKeysKeepOrderAndCase() {
    Headers h = new Headers().add("X-Id", "1").add("x-id", "2").add("X-Id", "3");
    assertEquals(List.of("1", "3"), h.getAll("X-Id"));
    assertEquals(List.of("2"), h.getAll("x-id"));
    assertEquals("1", h.get("X-Id"));
    assertEquals("2", h.get("x-id"));
    assertEquals("1", h.getIgnoreCase("X-ID"));
    assertEquals(Set.of("X-Id", "x-id"), h.names());
    assertEquals(3, h.size());
  }

  @Test
  void wireFormatIsTheNatsHeaderBlock() {
    Headers h = new Headers().add("A", "1").add("A", "2").add("b", "x y");
    assertEquals(
        "NATS/1.0\r\nA: 1\r\nA: 2\r\nb: x y\r\n\r\n",
        new String(h.toWire(), StandardCharsets.UTF_8));
    assertEquals("NATS/1.0\r\n\r\n", new String(new Headers().toWire(), StandardCharsets.UTF_8));
  }

  @Test
  void roundTripsThroughTheWire() {
    Headers h = new Headers().add("Trace", "abc").add("trace", "def").add("Trace", "ghi");
    Headers back = Headers.fromWire(h.toWire());
    assertEquals(h, back);
    assertEquals(List.of("abc", "ghi"), back.getAll("Trace"));
  }

  @Test
  void parsesInlineStatusAndDescription() {
    Headers nr = Headers.fromWire("NATS/1.0 503\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals(503, nr.status());
    assertEquals("", nr.description());
    assertTrue(nr.entries().isEmpty());
    Headers d =
        Headers.fromWire(
            "NATS/1.0 408 Request Timeout\r\nK: v\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals(408, d.status());
    assertEquals("Request Timeout", d.description());
    assertEquals("v", d.get("K"));
  }

  @Test
  void putReplacesAndRemoveDeletesExactNamesOnly() {
    Headers h = new Headers().add("K", "1").add("K", "2").add("k", "3");
    h.put("K", "9");
    assertEquals(List.of("9"), h.getAll("K"));
    assertEquals("3", h.get("k"));
    h.remove("k");
    assertNull(h.get("k"));
  }

  @Test
  void invalidNamesAndValuesAreRefused() {
    Headers h = new Headers();
    assertThrows(IllegalArgumentException.class, () -> h.add("a b", "v"));
    assertThrows(IllegalArgumentException.class, () -> h.add("a:b", "v"));
    assertThrows(IllegalArgumentException.class, () -> h.add("", "v"));
    assertThrows(IllegalArgumentException.class, () -> h.add("k", "v\r\nX: injected"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Headers.fromWire("HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
  }
}
