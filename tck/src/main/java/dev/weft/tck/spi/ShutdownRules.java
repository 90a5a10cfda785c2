package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.RuntimeShutdownException;
import dev.weft.spi.ShutdownReport;
import dev.weft.spi.Signal;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** SHUT-1 to SHUT-3: what shutdown does: refuse new work, cancel every task, bound the grace. */
final class ShutdownRules extends Fixture {
  ShutdownRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "SHUT-1",
            "after shutdown began, spawn, runBlocking, listen and connect throw RuntimeShutdownException",
            this::refusesNewWork),
        Rule.required(target, "SHUT-2", "shutdown cancels every task", this::cancelsTasks),
        Rule.required(
            target,
            "SHUT-3",
            "shutdown waits at most the grace period, closes everything and reports unfinished tasks",
            this::grace));
  }

  private void refusesNewWork() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer()) {
      Signal never = rt.newSignal();
      AtomicReference<Object> listenResult = new AtomicReference<>();
      AtomicReference<Object> spawnResult = new AtomicReference<>();
      AtomicReference<Object> connectResult = new AtomicReference<>();
      AtomicBoolean lateBodyRan = new AtomicBoolean();
      // A task that outlives the start of shutdown: it is cancelled, catches it, and tries to
      // start new work while shutdown is under way.
      Suspended<String> stubborn =
          spawnSuspended(
              rt,
              "shut1-stubborn",
              ctx -> {
                try {
                  ctx.waitReadable(never, Context.FOREVER);
                  return "never cancelled";
                } catch (TaskCancelledException e) {
                  listenResult.set(attempt(() -> rt.listen(ephemeral())));
                  spawnResult.set(
                      attempt(
                          () ->
                              rt.spawn(
                                  "shut1-late",
                                  c -> {
                                    lateBodyRan.set(true);
                                    return null;
                                  })));
                  connectResult.set(attempt(() -> rt.connect(ctx, server.address(), event())));
                  return "tried";
                }
              });
      rt.shutdown(event());
      assertEquals(
          new Outcome.Success<>("tried"),
          outcome(stubborn.handle(), event()),
          "the task that outlived the start of shutdown");
      assertInstanceOf(
          RuntimeShutdownException.class, listenResult.get(), "listen during shutdown");
      assertInstanceOf(RuntimeShutdownException.class, spawnResult.get(), "spawn during shutdown");
      // The task was cancelled by the shutdown, so its connect may report either the shutdown
      // (SHUT-1) or the cancellation (CANCEL-2); it must not connect.
      Object connect = connectResult.get();
      assertTrue(
          connect instanceof RuntimeShutdownException || connect instanceof TaskCancelledException,
          () -> "connect during shutdown gave " + connect + ", expected RuntimeShutdownException");

      assertThrows(
          RuntimeShutdownException.class,
          () ->
              rt.spawn(
                  "shut1-after",
                  c -> {
                    lateBodyRan.set(true);
                    return null;
                  }),
          "spawn after shutdown");
      assertThrows(
          RuntimeShutdownException.class,
          () ->
              rt.runBlocking(
                  "shut1-after",
                  c -> {
                    lateBodyRan.set(true);
                    return null;
                  }),
          "runBlocking after shutdown");
      assertThrows(
          RuntimeShutdownException.class, () -> rt.listen(ephemeral()), "listen after shutdown");
      assertFalse(lateBodyRan.get(), "a body given to a refused spawn or runBlocking ran");
    }
  }

  /** What {@code action} returned (closed if closeable) or threw. */
  private static Object attempt(java.util.concurrent.Callable<?> action) {
    try {
      Object v = action.call();
      if (v instanceof AutoCloseable c) {
        c.close();
      }
      return v == null ? "null" : v;
    } catch (Throwable t) {
      return t;
    }
  }

  private void cancelsTasks() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer()) {
      Signal never = rt.newSignal();
      Listener listener = rt.listen(ephemeral());
      SocketPair pair = connectTo(rt, server);
      Set<String> sawCancelled = ConcurrentHashMap.newKeySet();
      List<TaskHandle<String>> tasks = new ArrayList<>();
      tasks.add(
          spawnSuspended(
                  rt,
                  "shut2-wait",
                  ctx ->
                      noteCancel(ctx, sawCancelled, () -> ctx.waitReadable(never, Context.FOREVER)))
              .handle());
      tasks.add(
          spawnSuspended(
                  rt,
                  "shut2-sleep",
                  ctx -> noteCancel(ctx, sawCancelled, () -> ctx.sleep(Duration.ofHours(1))))
              .handle());
      tasks.add(
          spawnSuspended(
                  rt,
                  "shut2-accept",
                  ctx -> noteCancel(ctx, sawCancelled, () -> listener.accept(ctx).close()))
              .handle());
      tasks.add(
          spawnSuspended(
                  rt,
                  "shut2-read",
                  ctx ->
                      noteCancel(
                          ctx,
                          sawCancelled,
                          () -> pair.socket().read(ctx, ByteBuffer.allocate(16))))
              .handle());
      ShutdownReport report = rt.shutdown(event());
      assertNotNull(report, "shutdown returned null");
      for (TaskHandle<String> t : tasks) {
        assertCancelled(t, event());
      }
      assertEquals(
          Set.of("shut2-wait", "shut2-sleep", "shut2-accept", "shut2-read"),
          sawCancelled,
          "tasks that saw isCancelled() after the shutdown woke them");
      assertTrue(
          report.clean(),
          () -> "every task ended at once but the report names " + report.unfinishedTasks());
      pair.peer().close();
    }
  }

  private interface Suspension {
    void run() throws Exception;
  }

  private static String noteCancel(Context ctx, Set<String> sawCancelled, Suspension s)
      throws Exception {
    try {
      s.run();
      return "not cancelled";
    } catch (TaskCancelledException e) {
      if (ctx.isCancelled()) {
        sawCancelled.add(ctx.taskName());
      }
      throw e;
    }
  }

  private void grace() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer()) {
      Signal never = rt.newSignal();
      Listener listener = rt.listen(ephemeral());
      SocketPair pair = connectTo(rt, server);
      CountDownLatch letGo = new CountDownLatch(1);
      try {
        Signal alsoNever = rt.newSignal();
        spawnSuspended(
            rt,
            "shut3-polite",
            ctx -> {
              ctx.waitReadable(alsoNever, Context.FOREVER);
              return null;
            });
        // Ignores the cancel and blocks outside the runtime's control until released.
        Suspended<Object> stubborn =
            spawnSuspended(
                rt,
                "shut3-stubborn",
                ctx -> {
                  try {
                    ctx.waitReadable(never, Context.FOREVER);
                  } catch (TaskCancelledException ignored) {
                    awaitUninterruptibly(letGo);
                  }
                  return null;
                });
        Duration grace = scaledMillis(500);
        long t0 = System.nanoTime();
        ShutdownReport report = rt.shutdown(grace);
        long took = System.nanoTime() - t0;
        Duration bound = grace.plus(scaled(Duration.ofSeconds(1)));
        assertTrue(
            took <= bound.toNanos(),
            () ->
                "shutdown("
                    + grace.toMillis()
                    + " ms) took "
                    + millis(took)
                    + " ms; the limit is the grace period plus one second");
        assertNotNull(report, "shutdown returned null");
        assertFalse(
            stubborn.handle().isDone(),
            () -> "the stubborn task cannot have ended, but ended " + stubborn.handle().outcome());
        assertEquals(
            List.of("shut3-stubborn"), report.unfinishedTasks(), "unfinished tasks in the report");
        assertFalse(listener.isOpen(), "a listener is still open after shutdown");
        assertFalse(pair.socket().isOpen(), "a socket is still open after shutdown");
      } finally {
        letGo.countDown();
        pair.peer().close();
      }
    }
    // When every task ends at once, shutdown does not sit out its grace period.
    try (AsyncRuntime rt = open()) {
      Signal never = rt.newSignal();
      spawnSuspended(
          rt,
          "shut3-quick",
          ctx -> {
            ctx.waitReadable(never, Context.FOREVER);
            return null;
          });
      Duration grace = scaled(Duration.ofSeconds(8));
      long t0 = System.nanoTime();
      ShutdownReport report = rt.shutdown(grace);
      long took = System.nanoTime() - t0;
      assertTrue(report.clean(), () -> "report names " + report.unfinishedTasks());
      assertTrue(
          took < scaled(Duration.ofSeconds(3)).toNanos(),
          () -> "shutdown took " + millis(took) + " ms although its only task ended at once");
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
