package dev.weft.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {
  @Test
  void goSpellings() {
    assertEquals(Duration.ofSeconds(2), GoDuration.parse("2s"));
    assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
    assertEquals(Duration.ofMinutes(1), GoDuration.parse("1m"));
    assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s"));
    assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
    assertEquals(Duration.ofNanos(1500), GoDuration.parse("1us500ns"));
    assertEquals(Duration.ZERO, GoDuration.parse("0"));
    assertEquals(Duration.ofSeconds(-1), GoDuration.parse("-1s"));
  }

  @Test
  void rejectsWhatGoRejects() {
    for (String bad : new String[] {"", "2", "s", "2x", "1.s.", "abc", "2 s"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(bad), bad);
      assertEquals("time: invalid duration \"" + bad + "\"", e.getMessage());
    }
  }
}
