package dev.weft.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline instead of sleeping a guessed time: a test is fast when the
 * code is fast and still decisive on a slow, loaded machine. Failures are {@link AssertionError}s,
 * which every test framework reports as failed assertions.
 */
public final class Eventually {
  private static final long FIRST_PAUSE_NANOS = 50_000;
  private static final long LONGEST_PAUSE_NANOS = 5_000_000;
  private static final long HOLD_PAUSE_NANOS = 1_000_000;

  private Eventually() {}

  /**
   * Returns as soon as {@code condition} holds; fails naming {@code what} if it does not within
   * {@code within}.
   */
  public static void until(Duration within, String what, BooleanSupplier condition) {
    until(within, () -> "waiting until " + what, condition);
  }

  /** Like {@link #until(Duration, String, BooleanSupplier)}, the message built only on failure. */
  public static void until(Duration within, Supplier<String> what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + within + ": " + what.get());
      }
      // Polling backs off to 5 ms so a waiting test leaves the (possibly few) cores to the code it
      // waits for.
      pauseOrFail(pause, what);
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    }
  }

  /**
   * Observes that {@code condition} keeps holding for {@code period}; fails naming {@code what} the
   * moment it does not. Shows that something does not happen (a wait that must not end).
   */
  public static void holdsFor(Duration period, String what, BooleanSupplier condition) {
    long end = System.nanoTime() + period.toNanos();
    Supplier<String> message =
        () -> "expected " + what + " for " + period + ", but it stopped holding";
    while (System.nanoTime() - end < 0) {
      if (!condition.getAsBoolean()) {
        throw new AssertionError(message.get());
      }
      pauseOrFail(HOLD_PAUSE_NANOS, () -> "expected " + what + " for " + period);
    }
    if (!condition.getAsBoolean()) {
      throw new AssertionError(message.get());
    }
  }

  /** An interrupted test stops waiting at once instead of spinning until its deadline. */
  private static void pauseOrFail(long nanos, Supplier<String> what) {
    LockSupport.parkNanos(nanos);
    if (Thread.currentThread().isInterrupted()) {
      throw new AssertionError("interrupted while waiting: " + what.get());
    }
  }
}
