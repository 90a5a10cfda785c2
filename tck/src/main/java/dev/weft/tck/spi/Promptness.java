package dev.weft.tck.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * Judges a "promptly" (a wake within 100 ms of a cancel or a close) on a shared, noisy machine: the
 * measurement is repeated and the majority of three decides. One scheduling hiccup does not fail a
 * good backend; a backend that wakes late most of the time (a poll loop slower than the bound, a
 * missed wake-up rescued by a timer) still fails.
 */
final class Promptness {
  private static final int ATTEMPTS = 3;

  private Promptness() {}

  /** One measurement: sets up, triggers, and returns nanoseconds from trigger to wake. */
  interface Attempt {
    long measure() throws Exception;
  }

  static void assertPrompt(String what, Duration bound, Attempt attempt) throws Exception {
    List<Long> latencies = new ArrayList<>();
    int late = 0;
    int onTime = 0;
    while (late < 2 && onTime < 2 && latencies.size() < ATTEMPTS) {
      long nanos = attempt.measure();
      latencies.add(nanos / 1_000_000);
      if (nanos <= bound.toNanos()) {
        onTime++;
      } else {
        late++;
      }
    }
    if (late >= 2) {
      throw new AssertionFailedError(
          what
              + " woke after "
              + latencies
              + " ms; promptly means within "
              + bound.toMillis()
              + " ms (judged by the majority of "
              + ATTEMPTS
              + " tries)");
    }
  }
}
