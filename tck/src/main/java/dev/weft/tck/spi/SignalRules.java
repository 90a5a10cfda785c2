package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Signal;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** SIG-1 to SIG-4: signals. */
final class SignalRules extends Fixture {
  SignalRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "SIG-1",
            "raise from any thread wakes the waiting task, never blocks, never throws",
            this::raiseWakes),
        Rule.required(target, "SIG-2", "raises before a wait coalesce into one", this::coalesce),
        Rule.required(
            target, "SIG-3", "a wait that returns the signal consumes the raise", this::autoReset),
        Rule.required(
            target,
            "SIG-4",
            "a second waiter gets IllegalStateException; the first is not disturbed",
            this::oneWaiter));
  }

  private void raiseWakes() throws Exception {
    // Closed in the body, to show raise() never throws afterwards; the finally covers a failure
    // before that (closing twice is a no-op).
    AsyncRuntime rt = open();
    try {
      // From a plain thread, into a task already suspended on the signal, several times over.
      Signal s = rt.newSignal();
      for (int i = 0; i < 10; i++) {
        Suspended<String> waiter =
            spawnSuspended(rt, "sig1-waiter-" + i, ctx -> wakeOrReport(ctx, s));
        s.raise();
        assertEquals(
            "woken",
            value(waiter.handle(), event().multipliedBy(2)),
            "round " + i + ": a raise from a plain thread");
      }
      // From another task.
      for (int i = 0; i < 10; i++) {
        Suspended<String> waiter =
            spawnSuspended(rt, "sig1-task-waiter-" + i, ctx -> wakeOrReport(ctx, s));
        value(
            rt.spawn(
                "sig1-raiser",
                ctx -> {
                  s.raise();
                  return null;
                }),
            event());
        assertEquals(
            "woken",
            value(waiter.handle(), event().multipliedBy(2)),
            "round " + i + ": a raise from another task");
      }
      // Raising never blocks: a burst with nobody waiting, from several threads at once.
      Signal idle = rt.newSignal();
      List<Thread> raisers = new ArrayList<>();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      long t0 = System.nanoTime();
      for (int t = 0; t < 4; t++) {
        raisers.add(
            Thread.ofPlatform()
                .name("tck-sig1-raiser-" + t)
                .daemon(true)
                .start(
                    () -> {
                      try {
                        for (int i = 0; i < 100_000; i++) {
                          idle.raise();
                        }
                      } catch (Throwable e) {
                        thrown.set(e);
                      }
                    }));
      }
      for (Thread t : raisers) {
        t.join(event().toMillis());
        assertTrue(!t.isAlive(), "400,000 raises from 4 threads did not finish within " + event());
      }
      long took = System.nanoTime() - t0;
      assertEquals(null, thrown.get(), "raise threw");
      assertTrue(
          took < scaled(Duration.ofSeconds(3)).toNanos(),
          () -> "400,000 raises took " + millis(took) + " ms");
      rt.runBlocking(
          "sig1-coalesced",
          ctx -> {
            ctx.waitReadable(idle, Duration.ZERO);
            return null;
          });
      rt.close();
      // Never throws: not even once its runtime is closed.
      idle.raise();
      s.raise();
    } finally {
      rt.close();
    }
  }

  private String wakeOrReport(Context ctx, Signal s) throws Exception {
    try {
      ctx.waitReadable(s, event());
      return "woken";
    } catch (WaitTimeoutException e) {
      return "the raise was lost: still waiting after " + event();
    }
  }

  private void coalesce() throws Exception {
    try (AsyncRuntime rt = open()) {
      Signal s = rt.newSignal();
      for (int i = 0; i < 5; i++) {
        s.raise();
      }
      rt.runBlocking(
          "sig2",
          ctx -> {
            ctx.waitReadable(s, Duration.ZERO);
            assertThrows(
                WaitTimeoutException.class,
                () -> ctx.waitReadable(s, Duration.ZERO),
                "a second wait after five raises");
            assertThrows(
                WaitTimeoutException.class,
                () -> ctx.waitReadable(s, Duration.ofMillis(30)),
                "a timed wait after the raises were consumed");
            return null;
          });
      Suspended<String> next = spawnSuspended(rt, "sig2-next", ctx -> wakeOrReport(ctx, s));
      s.raise();
      assertEquals(
          "woken",
          value(next.handle(), event().multipliedBy(2)),
          "the next wait, woken by a new raise");
    }
  }

  private void autoReset() throws Exception {
    try (AsyncRuntime rt = open()) {
      Signal s = rt.newSignal();
      Signal other = rt.newSignal();
      rt.runBlocking(
          "sig3",
          ctx -> {
            for (int i = 0; i < 100; i++) {
              s.raise();
              ctx.waitReadable(s, event());
              assertThrows(
                  WaitTimeoutException.class,
                  () -> ctx.waitReadable(s, Duration.ZERO),
                  "a wait after the raise was consumed");
            }
            s.raise();
            ctx.waitEither(other, s, event());
            assertThrows(
                WaitTimeoutException.class,
                () -> ctx.waitReadable(s, Duration.ZERO),
                "a wait after waitEither returned the signal");
            return null;
          });
    }
  }

  private void oneWaiter() throws Exception {
    try (AsyncRuntime rt = open()) {
      Signal s = rt.newSignal();
      Suspended<String> first =
          spawnSuspended(
              rt,
              "sig4-first",
              ctx -> {
                ctx.waitReadable(s, Context.FOREVER);
                return "first woken";
              });
      TaskHandle<Object> second =
          rt.spawn(
              "sig4-second",
              ctx -> {
                try {
                  ctx.waitReadable(s, event());
                  return "second returned";
                } catch (IllegalStateException expected) {
                  return expected;
                } catch (WaitTimeoutException e) {
                  return "second waited until its timeout";
                }
              });
      Object got = value(second, event().multipliedBy(2));
      assertInstanceOf(
          IllegalStateException.class, got, () -> "a second waiter on a signal got " + got);
      TaskHandle<Object> either =
          rt.spawn(
              "sig4-either",
              ctx -> {
                try {
                  return ctx.waitEither(rt.newSignal(), s, event());
                } catch (IllegalStateException expected) {
                  return expected;
                } catch (WaitTimeoutException e) {
                  return "waitEither waited until its timeout";
                }
              });
      Object gotEither = value(either, event().multipliedBy(2));
      assertInstanceOf(
          IllegalStateException.class,
          gotEither,
          () -> "a second waiter (waitEither) on a signal got " + gotEither);
      assertTrue(!first.handle().isDone(), "the first waiter was disturbed by the second");
      s.raise();
      assertEquals("first woken", value(first.handle(), event()), "the first waiter");
      // Once the first waiter is gone, another may wait.
      Suspended<String> third = spawnSuspended(rt, "sig4-third", ctx -> wakeOrReport(ctx, s));
      s.raise();
      assertEquals("woken", value(third.handle(), event().multipliedBy(2)));
    }
  }
}
