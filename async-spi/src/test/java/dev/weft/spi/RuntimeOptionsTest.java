package dev.weft.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuntimeOptionsTest {
  @Test
  void typedGettersParseAndFallBack() {
    RuntimeOptions o =
        RuntimeOptions.builder().option("n", "42").option("d", "PT2S").option("ms", "250").build();
    assertEquals(42, o.getInt("n", 7));
    assertEquals(7, o.getInt("absent", 7));
    assertEquals(Duration.ofSeconds(2), o.getDuration("d", Duration.ZERO));
    assertEquals(Duration.ofMillis(250), o.getDuration("ms", Duration.ZERO));
  }

  @Test
  void badValuesNameTheKey() {
    RuntimeOptions o = RuntimeOptions.defaults().with("weft.x", "lots");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> o.getInt("weft.x", 1));
    assertTrue(e.getMessage().contains("weft.x"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> o.getDuration("weft.x", Duration.ZERO));
  }

  @Test
  void withCopiesAndLeavesTheOriginal() {
    RuntimeOptions a = RuntimeOptions.defaults();
    RuntimeOptions b = a.with("k", "v");
    assertTrue(a.get("k").isEmpty());
    assertEquals("v", b.get("k").orElseThrow());
  }
}
