package dev.weft.tck.spi;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * Waits for a condition with a deadline instead of sleeping a guessed time: the kit must be fast on
 * a good backend and still decisive on a slow machine.
 */
final class Eventually {
  private Eventually() {}

  /**
   * Returns as soon as {@code condition} holds; fails naming {@code what} if it does not within
   * {@code within}.
   */
  static void until(Duration within, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    long pause = 50_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionFailedError("timed out after " + within + " waiting until " + what);
      }
      // Polling backs off to 5 ms so a waiting test leaves the CPU to the backend under test.
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, 5_000_000);
    }
  }

  /** Like {@link #until} but with a message built only on failure. */
  static void until(Duration within, Supplier<String> what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    long pause = 50_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionFailedError("timed out after " + within + ": " + what.get());
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, 5_000_000);
    }
  }

  /**
   * Observes that {@code condition} keeps holding for {@code period}; fails naming {@code what} the
   * moment it does not. Used to show that something does NOT happen (a wait that must not end).
   */
  static void holdsFor(Duration period, String what, BooleanSupplier condition) {
    long end = System.nanoTime() + period.toNanos();
    while (System.nanoTime() - end < 0) {
      if (!condition.getAsBoolean()) {
        throw new AssertionFailedError(
            "expected " + what + " for " + period + ", but it stopped holding");
      }
      LockSupport.parkNanos(1_000_000);
    }
    if (!condition.getAsBoolean()) {
      throw new AssertionFailedError(
          "expected " + what + " for " + period + ", but it stopped holding");
    }
  }
}
