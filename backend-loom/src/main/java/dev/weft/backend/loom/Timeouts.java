package dev.weft.backend.loom;

import java.time.Duration;
import java.util.Objects;

/**
 * Turns SPI timeouts into nanoseconds, with {@link dev.weft.spi.Context#FOREVER} as "no deadline".
 */
final class Timeouts {
  /**
   * Anything this long counts as forever: it keeps {@code System.nanoTime() + nanos} far from
   * overflow, and no wait outlives 146 years anyway.
   */
  static final long FOREVER_NANOS = Long.MAX_VALUE / 2;

  private Timeouts() {}

  /** The timeout in nanoseconds, capped at {@link #FOREVER_NANOS}. */
  static long nanos(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    try {
      return Math.min(timeout.toNanos(), FOREVER_NANOS);
    } catch (ArithmeticException tooLong) {
      return FOREVER_NANOS;
    }
  }

  static boolean isForever(long nanos) {
    return nanos >= FOREVER_NANOS;
  }
}
