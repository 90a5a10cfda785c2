package dev.weft.backend.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.Context;
import dev.weft.spi.Outcome;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.WaitTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kit on its own: the backends' TCK runs cover it through the SPI, these pin the contracts the
 * backends rely on directly.
 */
class BackendKitTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @Test
  void foreverIsOneEncodingAndNegativeTimeoutsAreRejected() {
    assertTrue(Timeouts.isForever(Timeouts.nanos(Context.FOREVER)));
    assertTrue(Timeouts.isForever(Timeouts.nanos(Duration.ofDays(365L * 200))));
    assertEquals(5_000_000L, Timeouts.nanos(Duration.ofMillis(5)));
    assertFalse(Timeouts.isForever(Timeouts.nanos(Duration.ofDays(365))));
    assertThrows(IllegalArgumentException.class, () -> Timeouts.nanos(Duration.ofNanos(-1)));
  }

  @Test
  void threadExitOutlastsAnInterruptAndKeepsIt() {
    Thread worker =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(50); // the work being waited for, not a synchronisation
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    Thread.currentThread().interrupt();
    try {
      ThreadExit.await(worker, PATIENCE.toNanos());
      assertFalse(worker.isAlive(), "an interrupt cut the wait short");
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status was lost");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void exclusiveUseAdmitsOneCallerAtATime() {
    ExclusiveUse reading = new ExclusiveUse("busy (READ-3)");
    reading.enter();
    IllegalStateException second = assertThrows(IllegalStateException.class, reading::enter);
    assertEquals("busy (READ-3)", second.getMessage());
    reading.exit();
    reading.enter();
    reading.exit();
  }

  @Test
  void taskRecordsItsOutcomeAndRethrowableFailure() throws Exception {
    VirtualTask<String> ok = start("ok", ctx -> "done");
    assertEquals(new Outcome.Success<>("done"), ok.join(PATIENCE));
    assertTrue(ok.isDone());

    IllegalStateException boom = new IllegalStateException("boom");
    VirtualTask<String> failing =
        start(
            "failing",
            ctx -> {
              throw boom;
            });
    Outcome<String> outcome = failing.join(PATIENCE);
    assertSame(boom, assertInstanceOf(Outcome.Failure.class, outcome).error());
    assertSame(boom, failing.thrown());
  }

  @Test
  void joinTimesOutOnARunningTask() throws Exception {
    CompletableFuture<Void> release = new CompletableFuture<>();
    VirtualTask<Void> blocked =
        start(
            "blocked",
            ctx -> {
              release.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
              return null;
            });
    assertThrows(WaitTimeoutException.class, () -> blocked.join(Duration.ofMillis(20)));
    release.complete(null);
    assertInstanceOf(Outcome.Success.class, blocked.join(PATIENCE));
  }

  @Test
  void cancelWakesATaskParkedForeverOnASignal() throws Exception {
    FlagSignal signal = new FlagSignal(this);
    VirtualTask<?>[] self = new VirtualTask<?>[1];
    CompletableFuture<Void> started = new CompletableFuture<>();
    VirtualTask<Object> waiter =
        startWith(
            self,
            "waiter",
            ctx -> {
              Parker parker = new Parker(self[0]);
              started.complete(null);
              return parker.await(signal, null, Timeouts.FOREVER_NANOS);
            });
    started.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    // Whether the cancel lands before the park or during it, the wait must end cancelled.
    waiter.cancel();
    Outcome<Object> outcome = waiter.join(PATIENCE);
    assertInstanceOf(Outcome.Cancelled.class, outcome);
    assertInstanceOf(TaskCancelledException.class, waiter.thrown());
  }

  @Test
  void aRaiseIsTakenByExactlyOneWaitAndTheFirstWaitableWinsATie() throws Exception {
    FlagSignal a = new FlagSignal(this);
    FlagSignal b = new FlagSignal(this);
    a.raise();
    b.raise();
    VirtualTask<?>[] self = new VirtualTask<?>[1];
    VirtualTask<String> task =
        startWith(
            self,
            "either",
            ctx -> {
              Parker parker = new Parker(self[0]);
              String first = parker.await(a, b, 0) == a ? "a" : "b";
              String second = parker.await(a, b, 0) == a ? "a" : "b";
              assertThrows(WaitTimeoutException.class, () -> parker.await(a, b, 0));
              return first + second;
            });
    assertEquals(new Outcome.Success<>("ab"), task.join(PATIENCE));
  }

  @Test
  void aSecondWaiterOnASignalIsRejected() {
    FlagSignal signal = new FlagSignal(this);
    Thread other = Thread.ofVirtual().unstarted(() -> {});
    signal.addWaiter(other);
    assertThrows(IllegalStateException.class, () -> signal.addWaiter(Thread.currentThread()));
    assertThrows(IllegalStateException.class, () -> signal.takeReady(Thread.currentThread()));
    signal.removeWaiter(other);
    signal.addWaiter(Thread.currentThread());
    signal.removeWaiter(Thread.currentThread());
  }

  @Test
  void aFiniteWaitTimesOutAndASleepEnds() throws Exception {
    FlagSignal never = new FlagSignal(this);
    VirtualTask<?>[] self = new VirtualTask<?>[1];
    VirtualTask<Long> task =
        startWith(
            self,
            "timed",
            ctx -> {
              Parker parker = new Parker(self[0]);
              long start = System.nanoTime();
              assertThrows(
                  WaitTimeoutException.class,
                  () -> parker.await(never, null, Duration.ofMillis(30).toNanos()));
              parker.sleep(Duration.ofMillis(10).toNanos());
              return System.nanoTime() - start;
            });
    Outcome<Long> outcome = task.join(PATIENCE);
    assertTrue(
        outcome instanceof Outcome.Success<Long> done
            && done.value() >= Duration.ofMillis(40).toNanos(),
        "expected the 30 ms wait and the 10 ms sleep to pass in full: " + outcome);
  }

  private static <T> VirtualTask<T> start(String name, dev.weft.spi.Task<T> body) {
    return startWith(new VirtualTask<?>[1], name, body);
  }

  private static <T> VirtualTask<T> startWith(
      VirtualTask<?>[] self, String name, dev.weft.spi.Task<T> body) {
    VirtualTask<T> task = new VirtualTask<>(name, body);
    self[0] = task;
    Thread t = Thread.ofVirtual().name(name).unstarted(() -> task.run(null));
    task.bind(t);
    t.start();
    return task;
  }
}
