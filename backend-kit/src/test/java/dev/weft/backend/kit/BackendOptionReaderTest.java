package dev.weft.backend.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.RuntimeOptions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks and messages every backend's options share; a backend's tests cover its own keys. */
class BackendOptionReaderTest {
  private static BackendOptionReader with(String key, String value) {
    return new BackendOptionReader(RuntimeOptions.defaults().with(key, value));
  }

  private static String rejected(Runnable read) {
    return assertThrows(IllegalArgumentException.class, read::run).getMessage();
  }

  @Test
  void wellKnownKeysHaveTheSharedDefaults() {
    BackendOptionReader o = new BackendOptionReader(RuntimeOptions.defaults());
    assertEquals(RuntimeOptions.DEFAULT_WRITE_BUFFER_BYTES, o.writeBufferBytes());
    assertEquals(1024, o.listenBacklog());
    assertEquals(Duration.ofSeconds(5), o.closeGrace());
    assertEquals(0, o.socketReceiveBuffer());
    assertEquals(0, o.socketSendBuffer());
  }

  @Test
  void wellKnownKeysAreReadAndChecked() {
    assertEquals(4096, with(RuntimeOptions.WRITE_BUFFER_BYTES, " 4096 ").writeBufferBytes());
    assertEquals(Duration.ZERO, with(RuntimeOptions.CLOSE_GRACE, "PT0S").closeGrace());
    assertEquals(Duration.ofMillis(250), with(RuntimeOptions.CLOSE_GRACE, "250").closeGrace());
    assertEquals(0, with(RuntimeOptions.SOCKET_SEND_BUFFER, "0").socketSendBuffer());
    assertEquals(
        "option weft.listenBacklog must be positive, got 0",
        rejected(with(RuntimeOptions.LISTEN_BACKLOG, "0")::listenBacklog));
    assertEquals(
        "option weft.closeGrace must not be negative, got PT-1S",
        rejected(with(RuntimeOptions.CLOSE_GRACE, "PT-1S")::closeGrace));
    assertEquals(
        "option weft.socket.receiveBuffer must not be negative, got -1",
        rejected(with(RuntimeOptions.SOCKET_RECEIVE_BUFFER, "-1")::socketReceiveBuffer));
  }

  @Test
  void positiveWhenSetAllowsAZeroDefaultButNotAZeroValue() {
    assertEquals(0, with("other", "1").positiveIntWhenSet("k", 0));
    assertEquals(7, with("k", "7").positiveIntWhenSet("k", 0));
    assertEquals(
        "option k must be a positive integer, got 0",
        rejected(() -> with("k", "0").positiveIntWhenSet("k", 0)));
  }

  @Test
  void durationsAndBooleans() {
    assertEquals(
        "option k must be a positive duration, got PT0S",
        rejected(() -> with("k", "PT0S").positiveDuration("k", Duration.ofSeconds(1))));
    assertTrue(with("k", " TRUE ").bool("k", false));
    assertFalse(with("k", "false").bool("k", true));
    assertTrue(with("other", "x").bool("k", true));
    assertEquals(
        "option k must be true or false, got 'yes'",
        rejected(() -> with("k", "yes").bool("k", true)));
  }

  @Test
  void wordIsTrimmedLowerCaseAndBlankIsAbsent() {
    assertEquals(Optional.of("epoll"), with("k", " EPoll ").word("k"));
    assertEquals(Optional.empty(), with("k", "  ").word("k"));
    assertEquals(Optional.empty(), with("other", "x").word("k"));
  }
}
