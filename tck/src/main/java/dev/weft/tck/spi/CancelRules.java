package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.Signal;
import dev.weft.spi.Task;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/** CANCEL-1 and CANCEL-2: cancel is idempotent, and a cancel is level-triggered. */
final class CancelRules extends Fixture {
  CancelRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "CANCEL-1",
            "cancel is idempotent and thread-safe; cancelling a finished task changes nothing",
            this::idempotent),
        Rule.required(
            target,
            "CANCEL-2",
            "a cancelled task's current and every later suspension throws TaskCancelledException",
            this::levelTriggered));
  }

  private void idempotent() throws Exception {
    try (AsyncRuntime rt = open()) {
      Signal never = rt.newSignal();
      AtomicLong wakes = new AtomicLong();
      Suspended<String> victim =
          spawnSuspended(
              rt,
              "cancel1-victim",
              ctx -> {
                try {
                  ctx.waitReadable(never, Context.FOREVER);
                  return "not cancelled";
                } catch (TaskCancelledException e) {
                  wakes.incrementAndGet();
                  throw e;
                }
              });
      int threads = 4;
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> cancellers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        cancellers.add(
            Thread.ofPlatform()
                .name("tck-cancel1-" + t)
                .daemon(true)
                .start(
                    () -> {
                      try {
                        go.await();
                      } catch (InterruptedException e) {
                        return;
                      }
                      for (int i = 0; i < 1000; i++) {
                        victim.handle().cancel();
                      }
                    }));
      }
      TaskHandle<Object> fromTask =
          rt.spawn(
              "cancel1-from-task",
              ctx -> {
                for (int i = 0; i < 100; i++) {
                  victim.handle().cancel();
                }
                return null;
              });
      go.countDown();
      for (Thread t : cancellers) {
        t.join(event().toMillis());
      }
      value(fromTask, event());
      assertCancelled(victim.handle(), event());
      assertEquals(1, wakes.get(), "the task saw its cancel more than once");
      victim.handle().cancel();
      assertInstanceOf(
          Outcome.Cancelled.class, victim.handle().join(event()), "outcome after a later cancel");

      TaskHandle<String> done = rt.spawn("cancel1-done", ctx -> "value");
      assertEquals("value", value(done, event()));
      done.cancel();
      done.cancel();
      assertEquals(
          new Outcome.Success<>("value"),
          done.join(event()),
          "a finished task's outcome after cancel");
      assertEquals(Optional.of(new Outcome.Success<>("value")), done.outcome());

      IllegalStateException boom = new IllegalStateException("cancel1");
      TaskHandle<String> failed =
          rt.spawn(
              "cancel1-failed",
              ctx -> {
                throw boom;
              });
      outcome(failed, event());
      failed.cancel();
      assertEquals(
          new Outcome.Failure<>(boom),
          failed.join(event()),
          "a failed task's outcome after cancel");
    }
  }

  /** One kind of suspension, run by a task that is then cancelled. */
  private interface Suspension {
    void run(Context ctx) throws Exception;
  }

  private void levelTriggered() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        JdkServer quiet = new JdkServer(50, 4096)) {
      Signal never = rt.newSignal();
      Signal raised = rt.newSignal();
      try (Listener listener = rt.listen(ephemeral());
          SocketPair idle = connectTo(rt, server);
          SocketPair stuck = connectTo(rt, quiet)) {
        assertCancelRaised(rt, "wait", ctx -> ctx.waitReadable(never, Context.FOREVER), raised);
        assertCancelRaised(
            rt,
            "waitEither",
            ctx -> ctx.waitEither(never, rt.newSignal(), Context.FOREVER),
            raised);
        assertCancelRaised(rt, "sleep", ctx -> ctx.sleep(Duration.ofHours(1)), raised);
        assertCancelRaised(
            rt, "read", ctx -> idle.socket().read(ctx, ByteBuffer.allocate(16)), raised);
        assertCancelRaised(rt, "accept", ctx -> listener.accept(ctx).close(), raised);
        assertCancelRaised(
            rt, "write", ctx -> BackendIo.writeForever(ctx, stuck.socket(), null), raised);
        Optional<FullBacklog> backlog = FullBacklog.open();
        if (backlog.isPresent()) {
          try (FullBacklog full = backlog.get()) {
            assertCancelRaised(
                rt,
                "connect",
                ctx -> rt.connect(ctx, full.address(), Duration.ofMinutes(5)).close(),
                raised);
          }
        } else {
          System.err.println(
              "[weft-tck] CANCEL-2: no never-completing connect on this platform; connect not checked");
        }
      }

      // A cancelled task's read finds data ready and still takes nothing: the data stays for
      // others.
      try (SocketPair pair = connectTo(rt, server)) {
        byte[] sent = {11, 22, 33};
        pair.peer().getOutputStream().write(sent);
        Suspended<String> s =
            spawnSuspended(
                rt,
                "cancel2-read-ready",
                ctx -> {
                  ctx.waitReadable(pair.socket(), event());
                  try {
                    ctx.waitReadable(never, Context.FOREVER);
                    return "not cancelled";
                  } catch (TaskCancelledException first) {
                    int n = pair.socket().read(ctx, ByteBuffer.allocate(16));
                    return "a read in a cancelled task returned " + n;
                  }
                });
        s.handle().cancel();
        Outcome<String> o = outcome(s.handle(), event());
        assertInstanceOf(
            Outcome.Cancelled.class, o, () -> "a read with data ready in a cancelled task: " + o);
        assertArrayEquals(
            sent,
            rt.runBlocking("cancel2-reread", ctx -> BackendIo.readExactly(ctx, pair.socket(), 3)),
            "the data a cancelled read must not have taken");
      }
    }
  }

  /**
   * Cancels a task suspended in {@code suspension}; that suspension and every later one must throw
   * TaskCancelledException, even with {@code raised} ready.
   */
  private void assertCancelRaised(
      AsyncRuntime rt, String what, Suspension suspension, Signal raised) throws Exception {
    raised.raise();
    Task<String> body =
        ctx -> {
          try {
            suspension.run(ctx);
            return "the " + what + " returned normally after the cancel";
          } catch (TaskCancelledException first) {
            List<String> wrong = new ArrayList<>();
            later(wrong, "sleep(ZERO)", () -> ctx.sleep(Duration.ZERO));
            later(wrong, "sleep(10 ms)", () -> ctx.sleep(Duration.ofMillis(10)));
            later(
                wrong,
                "waitReadable(raised signal, ZERO)",
                () -> ctx.waitReadable(raised, Duration.ZERO));
            later(
                wrong,
                "waitReadable(raised signal, 1 s)",
                () -> ctx.waitReadable(raised, Duration.ofSeconds(1)));
            later(wrong, "checkCancelled()", ctx::checkCancelled);
            if (!ctx.isCancelled()) {
              wrong.add("isCancelled() is false");
            }
            if (!wrong.isEmpty()) {
              throw new AssertionFailedError(
                  "after the " + what + " threw TaskCancelledException: " + wrong);
            }
            throw first;
          }
        };
    Suspended<String> s = spawnSuspended(rt, "cancel2-" + what, body);
    s.handle().cancel();
    Outcome<String> o = outcome(s.handle(), event());
    if (o instanceof Outcome.Failure<String> f) {
      throw rethrowable(s.handle().name(), f.error());
    }
    assertInstanceOf(
        Outcome.Cancelled.class, o, () -> "a task cancelled in " + what + " ended " + o);
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void later(List<String> wrong, String what, Call call) {
    try {
      call.run();
      wrong.add(what + " returned");
    } catch (TaskCancelledException expected) {
      // level-triggered, as the rule says
    } catch (Exception e) {
      wrong.add(what + " threw " + e);
    }
  }
}
