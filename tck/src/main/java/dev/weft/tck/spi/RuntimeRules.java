package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Outcome;
import dev.weft.spi.Signal;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import dev.weft.testing.Eventually;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** RT-1 to RT-4: spawning, joining, outcomes and runBlocking. */
final class RuntimeRules extends Fixture {
  RuntimeRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "RT-1",
            "spawn returns at once, names the task, and a suspended task never stops another",
            this::spawn),
        Rule.required(
            target,
            "RT-2",
            "join returns the outcome, or times out while the task goes on",
            this::join),
        Rule.required(
            target,
            "RT-3",
            "the outcome is Success(value), Failure(the very exception) or Cancelled",
            this::outcomes),
        Rule.required(
            target,
            "RT-4",
            "runBlocking runs a task from a plain thread and returns or rethrows unchanged",
            this::runBlocking));
  }

  private void spawn() throws Exception {
    try (AsyncRuntime rt = open()) {
      Signal release = rt.newSignal();
      AtomicReference<String> seenName = new AtomicReference<>();
      // Bounded: a spawn that runs the body inline would wait for the release forever.
      Bounded.Result<TaskHandle<String>> spawned =
          Bounded.call(
              event(),
              "spawn of a task that waits",
              () ->
                  rt.spawn(
                      "rt1-waiter",
                      ctx -> {
                        seenName.set(ctx.taskName());
                        ctx.waitReadable(release, event());
                        return "released";
                      }));
      assertNull(spawned.thrown(), () -> "spawn threw " + spawned.thrown());
      TaskHandle<String> waiter = spawned.value();
      assertNotNull(waiter, "spawn returned null");
      assertEquals("rt1-waiter", waiter.name(), "TaskHandle.name()");
      Eventually.until(event(), "the spawned body runs", () -> seenName.get() != null);
      assertEquals("rt1-waiter", seenName.get(), "Context.taskName() inside the body");
      assertFalse(waiter.isDone(), "the waiter ended before its signal was raised");

      // A body that cannot go on until spawn has returned: a spawn that runs the body inline,
      // even up to its first suspension, never returns.
      CountDownLatch spawnReturned = new CountDownLatch(1);
      Bounded.Result<TaskHandle<Boolean>> gated =
          Bounded.call(
              event(),
              "spawn of a body that waits for spawn to return",
              () ->
                  rt.spawn(
                      "rt1-gated",
                      ctx -> spawnReturned.await(event().toMillis() * 2, TimeUnit.MILLISECONDS)));
      spawnReturned.countDown();
      assertNull(gated.thrown(), () -> "spawn threw " + gated.thrown());
      assertEquals(Boolean.TRUE, value(gated.value(), event()), "the gated body saw spawn return");

      // Another task runs to its end while the first is suspended, and releases it.
      TaskHandle<String> other =
          rt.spawn(
              "rt1-other",
              ctx -> {
                String name = ctx.taskName();
                release.raise();
                return name;
              });
      assertEquals("rt1-other", value(other, event()));
      assertEquals("released", value(waiter, event()));

      // A chain of tasks, each waiting for the next one's signal: all must be live at once.
      int n = 50;
      Signal[] signals = new Signal[n + 1];
      for (int i = 0; i <= n; i++) {
        signals[i] = rt.newSignal();
      }
      @SuppressWarnings("unchecked")
      TaskHandle<Integer>[] chain = (TaskHandle<Integer>[]) new TaskHandle<?>[n];
      for (int i = 0; i < n; i++) {
        int me = i;
        chain[i] =
            rt.spawn(
                "rt1-chain-" + i,
                ctx -> {
                  ctx.waitReadable(signals[me + 1], event());
                  signals[me].raise();
                  return me;
                });
      }
      signals[n].raise();
      for (int i = n - 1; i >= 0; i--) {
        assertEquals(i, value(chain[i], event()));
      }
    }
  }

  private void join() throws Exception {
    try (AsyncRuntime rt = open()) {
      Signal release = rt.newSignal();
      TaskHandle<String> h =
          rt.spawn(
              "rt2",
              ctx -> {
                ctx.waitReadable(release, event());
                return "done";
              });
      assertTrue(h.outcome().isEmpty(), "outcome() is present before the task ended");
      Duration timeout = Duration.ofMillis(100);
      long t0 = System.nanoTime();
      assertThrows(WaitTimeoutException.class, () -> h.join(timeout), "join of a running task");
      long took = System.nanoTime() - t0;
      assertTrue(
          took >= timeout.toNanos(),
          () ->
              "join timed out after "
                  + millis(took)
                  + " ms, before its "
                  + timeout.toMillis()
                  + " ms timeout");
      assertFalse(h.isDone(), "the task ended when its join timed out");
      assertThrows(
          IllegalArgumentException.class,
          () -> h.join(Duration.ofMillis(-1)),
          "join with a negative timeout");

      // join from another task, which must not disturb that task.
      TaskHandle<String> joiner = rt.spawn("rt2-joiner", ctx -> h.join(event()).value());
      release.raise();
      assertEquals("done", value(joiner, event()));
      Outcome<String> o = h.join(event());
      assertEquals(new Outcome.Success<>("done"), o);
      assertTrue(h.isDone(), "isDone() after the task ended");
      assertEquals(o, h.join(Duration.ZERO), "join(ZERO) of a finished task");
      assertEquals(o, h.outcome().orElse(null), "outcome() of a finished task");
    }
  }

  private void outcomes() throws Exception {
    try (AsyncRuntime rt = open()) {
      Object token = new Object();
      TaskHandle<Object> ok = rt.spawn("rt3-ok", ctx -> token);
      Outcome<Object> okOutcome = outcome(ok, event());
      assertInstanceOf(Outcome.Success.class, okOutcome);
      assertSame(token, okOutcome.value(), "Success carries the very value returned");

      TaskHandle<Object> nothing = rt.spawn("rt3-null", ctx -> null);
      assertEquals(new Outcome.Success<>(null), outcome(nothing, event()));

      IOException checked = new IOException("rt3 checked");
      TaskHandle<Object> failsChecked =
          rt.spawn(
              "rt3-checked",
              ctx -> {
                throw checked;
              });
      Outcome<Object> f1 = outcome(failsChecked, event());
      assertInstanceOf(Outcome.Failure.class, f1, "a body that threw");
      assertSame(
          checked, ((Outcome.Failure<Object>) f1).error(), "Failure carries the very exception");

      IllegalStateException unchecked = new IllegalStateException("rt3 unchecked");
      TaskHandle<Object> failsUnchecked =
          rt.spawn(
              "rt3-unchecked",
              ctx -> {
                throw unchecked;
              });
      Outcome<Object> f2 = outcome(failsUnchecked, event());
      assertInstanceOf(Outcome.Failure.class, f2, "a body that threw");
      assertSame(
          unchecked, ((Outcome.Failure<Object>) f2).error(), "Failure carries the very exception");

      Signal never = rt.newSignal();
      Suspended<Object> waiting =
          spawnSuspended(
              rt,
              "rt3-cancelled",
              ctx -> {
                ctx.waitReadable(never, Context.FOREVER);
                return "not cancelled";
              });
      waiting.handle().cancel();
      Outcome<Object> c = outcome(waiting.handle(), event());
      assertInstanceOf(Outcome.Cancelled.class, c, () -> "a cancelled task ended " + c);
    }
  }

  private void runBlocking() throws Exception {
    try (AsyncRuntime rt = open()) {
      Object token = new Object();
      assertSame(token, rt.runBlocking("rt4-value", ctx -> token));
      assertEquals("rt4-name", rt.runBlocking("rt4-name", Context::taskName));

      IOException checked = new IOException("rt4");
      IOException thrown =
          assertThrows(
              IOException.class,
              () ->
                  rt.runBlocking(
                      "rt4-throws",
                      ctx -> {
                        throw checked;
                      }));
      assertSame(checked, thrown, "runBlocking rethrows the body's exception unchanged");
      IllegalStateException unchecked = new IllegalStateException("rt4");
      assertSame(
          unchecked,
          assertThrows(
              IllegalStateException.class,
              () ->
                  rt.runBlocking(
                      "rt4-throws-2",
                      ctx -> {
                        throw unchecked;
                      })),
          "runBlocking rethrows the body's exception unchanged");

      // It blocks until the body ends, and the body is a real task: it suspends while another
      // task runs and wakes it.
      Duration nap = Duration.ofMillis(50);
      AtomicBoolean ended = new AtomicBoolean();
      long t0 = System.nanoTime();
      String got =
          rt.runBlocking(
              "rt4-suspends",
              ctx -> {
                Signal s = rt.newSignal();
                rt.spawn(
                    "rt4-helper",
                    c -> {
                      c.sleep(nap);
                      s.raise();
                      return null;
                    });
                ctx.waitReadable(s, event());
                ended.set(true);
                return "woken";
              });
      long took = System.nanoTime() - t0;
      assertEquals("woken", got);
      assertTrue(ended.get(), "runBlocking returned before its body ended");
      assertTrue(
          took >= nap.toNanos(),
          () ->
              "runBlocking returned after "
                  + millis(took)
                  + " ms, before its body's "
                  + nap.toMillis()
                  + " ms suspension ended");
    }
  }
}
