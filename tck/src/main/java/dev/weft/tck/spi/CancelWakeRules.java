package dev.weft.tck.spi;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.Signal;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.Task;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import dev.weft.testing.Eventually;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/**
 * CANCEL-3 and CANCEL-4: a cancel reaching a suspended task: it loses no byte a read took, and
 * wakes the task promptly.
 */
final class CancelWakeRules extends Fixture {
  CancelWakeRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "CANCEL-3",
            "a cancel racing a read that took bytes loses no byte",
            this::noByteLost),
        Rule.required(
            target,
            "CANCEL-4",
            "a suspended task wakes within 100 ms of its cancel, however long its timeout",
            this::promptWake));
  }

  /** One kind of suspension, run by a task that is then cancelled. */
  private interface Suspension {
    void run(Context ctx) throws Exception;
  }

  private void noByteLost() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        SocketPair pair = connectTo(rt, server)) {
      ByteStreamCheck check = new ByteStreamCheck();
      int rounds = 3000;
      int done = 0;
      int[] cancelledRounds = new int[1];
      OutputStream out = pair.peer().getOutputStream();
      Random rnd = new Random(0xCA3CE13L);
      boolean parkVisible = true;
      long budgetEnd = System.nanoTime() + scaled(Duration.ofSeconds(8)).toNanos();
      for (int i = 0; i < rounds && (i < 500 || System.nanoTime() - budgetEnd < 0); i++, done++) {
        int chunk = 1 + rnd.nextInt(48);
        int mode = rnd.nextInt(5);
        if (mode == 0) {
          out.write(check.next(chunk));
        }
        AtomicReference<Thread> reader = new AtomicReference<>();
        TaskHandle<Integer> h =
            rt.spawn(
                "cancel3-" + i,
                ctx -> {
                  reader.set(Thread.currentThread());
                  return readOnce(ctx, pair.socket(), check);
                });
        if (mode >= 3) {
          // The narrowest window: the reader is suspended, bytes arrive, and the cancel
          // lands while the backend hands them over to the waking reader.
          if (parkVisible) {
            Eventually.until(
                event(), "task cancel3 to start", () -> reader.get() != null || h.isDone());
            if (reader.get() != null) {
              parkVisible = Parked.await(reader.get(), scaledMillis(20), h::isDone);
            }
          }
          out.write(check.next(chunk));
          spin(rnd.nextInt(150_000));
        } else {
          spin(rnd.nextInt(40_000));
          if (mode == 1) {
            out.write(check.next(chunk));
          }
        }
        h.cancel();
        if (mode == 2) {
          out.write(check.next(chunk));
        }
        Outcome<Integer> o = outcome(h, event());
        switch (o) {
          case Outcome.Success<Integer> ok -> {}
          case Outcome.Cancelled<Integer> c -> cancelledRounds[0]++;
          case Outcome.Failure<Integer> f -> throw rethrowable(h.name(), f.error());
        }
      }
      int ran = done;
      // Whatever the cancelled reads did not take is still in the socket.
      rt.runBlocking(
          "cancel3-drain",
          ctx -> {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (check.received() < check.sent()) {
              buf.clear();
              int n;
              try {
                ctx.waitReadable(pair.socket(), scaledMillis(1000));
                n = pair.socket().read(ctx, buf);
              } catch (WaitTimeoutException e) {
                break;
              }
              if (n < 0) {
                break;
              }
              check.accept(buf.flip());
            }
            return null;
          });
      check.assertComplete(
          "after " + ran + " cancel/read races (" + cancelledRounds[0] + " ended cancelled)");
    }
  }

  /**
   * One read by a task that is being cancelled: bytes it returns are recorded at once; if it was
   * cancelled before it returned them, the cancel must surface at the next suspension.
   */
  private static Integer readOnce(Context ctx, StreamSocket s, ByteStreamCheck check)
      throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(64);
    int n = s.read(ctx, buf);
    if (n > 0) {
      check.accept(buf.flip());
    }
    boolean cancelled = ctx.isCancelled();
    ctx.sleep(Duration.ZERO);
    if (cancelled) {
      throw new AssertionFailedError(
          "the task was cancelled while reading, but the next suspension returned");
    }
    return n;
  }

  private static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() - end < 0) {
      Thread.onSpinWait();
    }
  }

  private void promptWake() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        JdkServer quiet = new JdkServer(50, 4096)) {
      Signal never = rt.newSignal();
      try (Listener listener = rt.listen(ephemeral());
          SocketPair idle = connectTo(rt, server);
          SocketPair stuck = connectTo(rt, quiet)) {
        assertWakesPromptly(rt, "sleep(1 h)", ctx -> ctx.sleep(Duration.ofHours(1)), null);
        assertWakesPromptly(
            rt, "wait(1 h)", ctx -> ctx.waitReadable(never, Duration.ofHours(1)), null);
        assertWakesPromptly(
            rt, "wait(FOREVER)", ctx -> ctx.waitReadable(never, Context.FOREVER), null);
        assertWakesPromptly(
            rt,
            "waitEither(1 h)",
            ctx -> ctx.waitEither(never, rt.newSignal(), Duration.ofHours(1)),
            null);
        assertWakesPromptly(
            rt, "read", ctx -> idle.socket().read(ctx, ByteBuffer.allocate(16)), null);
        assertWakesPromptly(rt, "accept", ctx -> listener.accept(ctx).close(), null);
        AtomicLong written = new AtomicLong();
        assertWakesPromptly(
            rt, "write", ctx -> BackendIo.writeForever(ctx, stuck.socket(), written), written);
      }
    }
  }

  /**
   * Cancels a task once it is suspended in {@code suspension} (for a write: once its progress
   * stalls) and requires it to wake within the prompt bound.
   */
  private void assertWakesPromptly(
      AsyncRuntime rt, String what, Suspension suspension, AtomicLong progress) throws Exception {
    Promptness.assertPrompt(
        "a task cancelled in " + what, prompt(), () -> cancelWake(rt, what, suspension, progress));
  }

  /** Nanoseconds from the cancel to the wake of a task suspended in {@code suspension}. */
  private long cancelWake(AsyncRuntime rt, String what, Suspension suspension, AtomicLong progress)
      throws Exception {
    AtomicLong wokeAt = new AtomicLong();
    Task<String> body =
        ctx -> {
          try {
            suspension.run(ctx);
            return "returned";
          } catch (TaskCancelledException e) {
            wokeAt.set(System.nanoTime());
            throw e;
          }
        };
    Suspended<String> s = spawnSuspended(rt, "cancel4-" + what, body);
    if (progress != null) {
      Stall.await(
          "a write to a peer that does not read",
          progress::get,
          STALL_LIMIT,
          scaledMillis(300),
          event().multipliedBy(2),
          s.handle()::isDone);
    }
    long t0 = System.nanoTime();
    s.handle().cancel();
    assertCancelled(s.handle(), event());
    return wokeAt.get() - t0;
  }

  /** Far above any sane write bound plus kernel buffers; WRITE-2 judges the bound itself. */
  private static final long STALL_LIMIT = 1L << 30;
}
