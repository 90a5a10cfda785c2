package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Outcome;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import java.time.Duration;
import org.opentest4j.AssertionFailedError;

/** A timed wait on something idle must expire, not early and not much late (WAIT-6, EITHER-2). */
final class TimeoutCheck {
  private TimeoutCheck() {}

  /** One wait with a finite timeout, run on a task. */
  interface Wait {
    void run(Context ctx) throws Exception;
  }

  /**
   * The wait must throw WaitTimeoutException no earlier than {@code timeout}, and within {@code
   * upper}.
   */
  static void assertTimesOut(
      AsyncRuntime rt, String what, Duration timeout, Duration upper, Wait wait) throws Exception {
    TaskHandle<Long> h =
        rt.spawn(
            "wait6-" + what,
            ctx -> {
              long t0 = System.nanoTime();
              try {
                wait.run(ctx);
                throw new AssertionFailedError(
                    "a wait on an idle "
                        + what
                        + " with a "
                        + timeout.toMillis()
                        + " ms timeout returned instead of timing out");
              } catch (WaitTimeoutException expected) {
                return System.nanoTime() - t0;
              }
            });
    Outcome<Long> o;
    try {
      o = h.join(upper);
    } catch (WaitTimeoutException e) {
      h.cancel();
      throw new AssertionFailedError(
          "a wait on an idle "
              + what
              + " with a "
              + timeout.toMillis()
              + " ms timeout had not timed out after "
              + upper.toMillis()
              + " ms");
    }
    long took =
        switch (o) {
          case Outcome.Success<Long> ok -> ok.value();
          case Outcome.Failure<Long> f -> throw Fixture.rethrowable(h.name(), f.error());
          case Outcome.Cancelled<Long> c -> throw new AssertionFailedError("cancelled");
        };
    assertTrue(
        took >= timeout.toNanos(),
        () ->
            "a wait on "
                + what
                + " timed out after "
                + Fixture.millis(took)
                + " ms, before its "
                + timeout.toMillis()
                + " ms timeout");
  }
}
