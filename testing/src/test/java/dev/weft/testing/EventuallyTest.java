package dev.weft.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {
  @Test
  void untilReturnsOnceTheConditionHolds() {
    AtomicInteger polls = new AtomicInteger();
    Eventually.until(Duration.ofSeconds(10), "the third poll", () -> polls.incrementAndGet() >= 3);
    assertTrue(polls.get() >= 3);
  }

  @Test
  void untilFailsNamingWhatItWaitedFor() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> Eventually.until(Duration.ofMillis(20), "the impossible", () -> false));
    assertTrue(e.getMessage().contains("the impossible"), e.getMessage());
    assertTrue(e.getMessage().contains("PT0.02S"), e.getMessage());
  }

  @Test
  void untilBuildsItsMessageOnlyOnFailure() {
    AtomicInteger built = new AtomicInteger();
    Eventually.until(Duration.ofSeconds(10), () -> "built " + built.incrementAndGet(), () -> true);
    assertTrue(built.get() == 0);
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                Eventually.until(
                    Duration.ofMillis(20), () -> "built " + built.incrementAndGet(), () -> false));
    assertTrue(e.getMessage().contains("built 1"), e.getMessage());
  }

  @Test
  void anInterruptedWaitFailsAtOnce() {
    Thread.currentThread().interrupt();
    try {
      long start = System.nanoTime();
      AssertionError e =
          assertThrows(
              AssertionError.class,
              () -> Eventually.until(Duration.ofMinutes(5), "never", () -> false));
      assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
      assertTrue(System.nanoTime() - start < Duration.ofMinutes(1).toNanos());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void holdsForPassesWhileTheConditionHolds() {
    AtomicInteger polls = new AtomicInteger();
    Eventually.holdsFor(Duration.ofMillis(30), "true", () -> polls.incrementAndGet() > 0);
    assertTrue(polls.get() >= 2, "polled " + polls.get() + " times");
  }

  @Test
  void holdsForFailsTheMomentItStopsHolding() {
    AtomicInteger polls = new AtomicInteger();
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                Eventually.holdsFor(
                    Duration.ofMinutes(5),
                    "fewer than three polls",
                    () -> polls.incrementAndGet() < 3));
    assertTrue(e.getMessage().contains("fewer than three polls"), e.getMessage());
    assertTrue(polls.get() == 3);
  }
}
