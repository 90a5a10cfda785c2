package dev.weft.backend.kit;

import java.time.Duration;
import java.util.Objects;

/**
 * SPI timeouts as nanoseconds, with one encoding of {@link dev.weft.spi.Context#FOREVER}: {@link
 * #FOREVER_NANOS} and above.
 */
public final class Timeouts {
  /**
   * Anything this long counts as forever: it keeps {@code System.nanoTime() + nanos} far from
   * overflow, and no wait outlives 146 years anyway.
   */
  public static final long FOREVER_NANOS = Long.MAX_VALUE / 2;

  private Timeouts() {}

  /** Validates {@code timeout} (WAIT-4) and returns it in nanoseconds, capped at forever. */
  public static long nanos(Duration timeout) {
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

  public static boolean isForever(long nanos) {
    return nanos >= FOREVER_NANOS;
  }
}
