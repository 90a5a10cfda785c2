package dev.weft.tck.spi;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.opentest4j.AssertionFailedError;

/**
 * Detects that a producer (a writer task) has stopped making progress: its counter has not moved
 * for a quiet period. The only sign, seen from outside, that a write is blocked by a peer that does
 * not read.
 */
final class Stall {
  private Stall() {}

  /**
   * Waits until {@code progress} stays unchanged for {@code quiet} and returns its value.
   *
   * @param limit fail as soon as progress exceeds this: the producer should have blocked before
   * @param stop fail if this becomes true first (the producer ended or failed)
   */
  static long await(
      String what,
      LongSupplier progress,
      long limit,
      Duration quiet,
      Duration within,
      BooleanSupplier stop) {
    long start = System.nanoTime();
    long last = progress.getAsLong();
    long lastChange = System.nanoTime();
    while (true) {
      LockSupport.parkNanos(2_000_000);
      long now = System.nanoTime();
      long value = progress.getAsLong();
      if (value > limit) {
        throw new AssertionFailedError(
            what
                + ": progressed to "
                + value
                + " without blocking; it should have"
                + " blocked before "
                + limit);
      }
      if (stop.getAsBoolean()) {
        throw new AssertionFailedError(
            what + ": ended at " + value + " before it was seen blocked");
      }
      if (value != last) {
        last = value;
        lastChange = now;
      } else if (now - lastChange >= quiet.toNanos()) {
        return value;
      }
      if (now - start > within.toNanos()) {
        throw new AssertionFailedError(
            what + ": still progressing after " + within + " (at " + value + ")");
      }
    }
  }
}
