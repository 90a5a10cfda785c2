package dev.weft.tck.spi;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opentest4j.AssertionFailedError;

/**
 * Runs one call on its own plain platform thread with a deadline, for calls a broken backend might
 * turn into an endless suspension (a context used off its task, a spawn that runs its body inline).
 */
final class Bounded {
  private Bounded() {}

  /** What the call returned, or threw. */
  record Result<T>(T value, Throwable thrown) {
    void closeValue() {
      if (value instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // Only returned by a call that should have thrown; the rule fails anyway.
        }
      }
    }
  }

  static <T> Result<T> call(Duration within, String what, Callable<T> call)
      throws InterruptedException {
    FutureTask<T> task = new FutureTask<>(call);
    Thread t = Thread.ofPlatform().name("tck-bounded").daemon(true).start(task);
    try {
      return new Result<>(task.get(within.toNanos(), TimeUnit.NANOSECONDS), null);
    } catch (ExecutionException e) {
      return new Result<>(null, e.getCause());
    } catch (TimeoutException e) {
      t.interrupt();
      throw new AssertionFailedError(what + " did not return within " + within);
    }
  }
}
