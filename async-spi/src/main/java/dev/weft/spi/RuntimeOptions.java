package dev.weft.spi;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * String key/value options given to {@link Backend#open(RuntimeOptions)}. Well-known keys are
 * constants here; a backend defines its own keys under {@code weft.<backend name>.} and documents
 * them. A backend ignores keys it does not know, so one option set can be handed to any backend.
 *
 * <p>Instances are immutable; use {@link #builder()} or {@link #with(String, String)}.
 */
public final class RuntimeOptions {
  /**
   * Bytes a socket may hold that were written but not yet accepted by the kernel (the bound of rule
   * WRITE-2). Default {@value #DEFAULT_WRITE_BUFFER_BYTES}.
   */
  public static final String WRITE_BUFFER_BYTES = "weft.writeBufferBytes";

  /** Default of {@link #WRITE_BUFFER_BYTES}. */
  public static final int DEFAULT_WRITE_BUFFER_BYTES = 256 * 1024;

  /** SO_RCVBUF for every socket, in bytes (capability {@link Capability#SOCKET_BUFFER_SIZES}). */
  public static final String SOCKET_RECEIVE_BUFFER = "weft.socket.receiveBuffer";

  /** SO_SNDBUF for every socket, in bytes (capability {@link Capability#SOCKET_BUFFER_SIZES}). */
  public static final String SOCKET_SEND_BUFFER = "weft.socket.sendBuffer";

  /** Grace period used by {@link AsyncRuntime#close()}, as an ISO-8601 duration. Default PT5S. */
  public static final String CLOSE_GRACE = "weft.closeGrace";

  /** Listener accept backlog. Default 1024. */
  public static final String LISTEN_BACKLOG = "weft.listenBacklog";

  private static final RuntimeOptions DEFAULTS = new RuntimeOptions(Map.of());

  private final Map<String, String> values;

  private RuntimeOptions(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The empty option set: every backend default applies. */
  public static RuntimeOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A copy with one more (or replaced) option. */
  public RuntimeOptions with(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key, value);
    return new RuntimeOptions(copy);
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * The option as an int, or {@code fallback} when absent.
   *
   * @throws IllegalArgumentException naming the key when the value is not an integer
   */
  public int getInt(String key, int fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "option " + key + " must be an integer, got '" + v + "'", e);
    }
  }

  /**
   * The option as a duration (ISO-8601 such as {@code PT5S}, or plain milliseconds), or {@code
   * fallback} when absent.
   *
   * @throws IllegalArgumentException naming the key when the value is not a duration
   */
  public Duration getDuration(String key, Duration fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return v.trim().matches("\\d+")
          ? Duration.ofMillis(Long.parseLong(v.trim()))
          : Duration.parse(v.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "option " + key + " must be a duration like PT5S, got '" + v + "'", e);
    }
  }

  public Map<String, String> asMap() {
    return values;
  }

  @Override
  public String toString() {
    return "RuntimeOptions" + values;
  }

  /** Collects options; {@link #build()} makes the immutable set. */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Builder() {}

    public Builder option(String key, String value) {
      values.put(key, value);
      return this;
    }

    public RuntimeOptions build() {
      return new RuntimeOptions(values);
    }
  }
}
