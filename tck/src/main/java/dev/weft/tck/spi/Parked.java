package dev.weft.tck.spi;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits until a task's thread is parked, that is, the task has really suspended. Rules about a task
 * "suspended in" a wait must trigger the event after the suspension, not before it, or they test
 * the easier ready-before-wait case; a platform or virtual thread reports {@code WAITING} or {@code
 * TIMED_WAITING} while parked.
 *
 * <p>A backend may suspend a task in a way that does not show as parked (a platform thread in a
 * native call stays {@code RUNNABLE}), so this is best effort: after {@code within} the caller goes
 * on, and the rule still judges the outcome.
 */
final class Parked {
  private Parked() {}

  /**
   * True once {@code thread} is parked; false if {@code ended} holds first or {@code within}
   * passes.
   */
  static boolean await(Thread thread, Duration within, BooleanSupplier ended) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (ended.getAsBoolean()) {
        return false;
      }
      if (isParked(thread)) {
        return true;
      }
      LockSupport.parkNanos(200_000);
    }
    return isParked(thread);
  }

  static boolean isParked(Thread thread) {
    Thread.State s = thread.getState();
    return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
  }
}
