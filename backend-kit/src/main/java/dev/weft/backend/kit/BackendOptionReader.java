package dev.weft.backend.kit;

import dev.weft.spi.RuntimeOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a backend's {@link RuntimeOptions} into typed values, once at {@code open}, so every
 * backend checks a value the same way and a bad one fails there with the key in the message. The
 * well-known keys of the SPI have their own methods with the defaults all backends share.
 */
public final class BackendOptionReader {
  /** Default of {@link RuntimeOptions#LISTEN_BACKLOG}. */
  public static final int DEFAULT_LISTEN_BACKLOG = 1024;

  /** Default of {@link RuntimeOptions#CLOSE_GRACE}. */
  public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(5);

  private final RuntimeOptions options;

  public BackendOptionReader(RuntimeOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** {@link RuntimeOptions#WRITE_BUFFER_BYTES}: a positive byte count. */
  public int writeBufferBytes() {
    return positiveInt(
        RuntimeOptions.WRITE_BUFFER_BYTES, RuntimeOptions.DEFAULT_WRITE_BUFFER_BYTES);
  }

  /** {@link RuntimeOptions#LISTEN_BACKLOG}: a positive count. */
  public int listenBacklog() {
    return positiveInt(RuntimeOptions.LISTEN_BACKLOG, DEFAULT_LISTEN_BACKLOG);
  }

  /** {@link RuntimeOptions#CLOSE_GRACE}: a duration, zero allowed. */
  public Duration closeGrace() {
    return nonNegativeDuration(RuntimeOptions.CLOSE_GRACE, DEFAULT_CLOSE_GRACE);
  }

  /** {@link RuntimeOptions#SOCKET_RECEIVE_BUFFER}: bytes, 0 (the default) for the kernel's. */
  public int socketReceiveBuffer() {
    return nonNegativeInt(RuntimeOptions.SOCKET_RECEIVE_BUFFER, 0);
  }

  /** {@link RuntimeOptions#SOCKET_SEND_BUFFER}: bytes, 0 (the default) for the kernel's. */
  public int socketSendBuffer() {
    return nonNegativeInt(RuntimeOptions.SOCKET_SEND_BUFFER, 0);
  }

  /** An integer above zero, {@code fallback} when absent. */
  public int positiveInt(String key, int fallback) {
    int v = options.getInt(key, fallback);
    if (v <= 0) {
      throw new IllegalArgumentException("option " + key + " must be positive, got " + v);
    }
    return v;
  }

  /**
   * An integer above zero when given; when absent {@code fallback}, which may be 0 to mean "leave
   * it to the kernel" while an explicit 0 is still refused.
   */
  public int positiveIntWhenSet(String key, int fallback) {
    int v = options.getInt(key, fallback);
    if (options.get(key).isPresent() && v <= 0) {
      throw new IllegalArgumentException("option " + key + " must be a positive integer, got " + v);
    }
    return v;
  }

  /** An integer of zero or more, {@code fallback} when absent. */
  public int nonNegativeInt(String key, int fallback) {
    int v = options.getInt(key, fallback);
    if (v < 0) {
      throw new IllegalArgumentException("option " + key + " must not be negative, got " + v);
    }
    return v;
  }

  /** A duration above zero, {@code fallback} when absent. */
  public Duration positiveDuration(String key, Duration fallback) {
    Duration d = options.getDuration(key, fallback);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          "option " + key + " must be a positive duration, got " + d);
    }
    return d;
  }

  /** A duration of zero or more, {@code fallback} when absent. */
  public Duration nonNegativeDuration(String key, Duration fallback) {
    Duration d = options.getDuration(key, fallback);
    if (d.isNegative()) {
      throw new IllegalArgumentException("option " + key + " must not be negative, got " + d);
    }
    return d;
  }

  /** {@code true} or {@code false} in any case, {@code fallback} when absent. */
  public boolean bool(String key, boolean fallback) {
    Optional<String> given = options.get(key);
    if (given.isEmpty()) {
      return fallback;
    }
    String v = given.get().trim();
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("option " + key + " must be true or false, got '" + v + "'");
  }

  /** The value trimmed and in lower case, empty when absent or blank: for a choice among names. */
  public Optional<String> word(String key) {
    return options.get(key).map(v -> v.trim().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty());
  }
}
