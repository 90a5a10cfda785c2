package dev.weft.backend.kit;

import java.time.Duration;

/**
 * Waiting for a thread to end during a close: close must not return early because its caller was
 * interrupted (the bound still holds, and the interrupt status is kept for the caller).
 */
public final class ThreadExit {
  private ThreadExit() {}

  /**
   * Waits up to {@code nanos} (nothing when 0 or less) for {@code t} to end. An interrupt does not
   * cut the wait short; the status is set again before returning.
   */
  public static void await(Thread t, long nanos) {
    if (nanos <= 0) {
      return;
    }
    boolean interrupted = false;
    long deadline = System.nanoTime() + nanos;
    while (t.isAlive()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        t.join(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
