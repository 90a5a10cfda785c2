package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.Signal;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.spi.Waitable;
import dev.weft.tck.Rule;
import dev.weft.tck.TckTarget;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/** WAIT-1 to WAIT-8, EITHER-1, EITHER-2 and SLEEP-1: waits, timeouts and sleep. */
final class WaitRules extends Fixture {
  WaitRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "WAIT-1",
            "waitReadable returns on data, EOF, error, a raise or a pending connection",
            this::wakes),
        Rule.required(
            target,
            "WAIT-2",
            "readiness is level-triggered: what arrived before the wait is seen",
            this::levelTriggered),
        Rule.required(target, "WAIT-3", "a zero timeout polls and never suspends", this::zeroPolls),
        Rule.required(
            target,
            "WAIT-4",
            "a negative timeout is rejected before anything is consumed",
            this::negative),
        Rule.required(target, "WAIT-5", "FOREVER never times out", this::forever),
        Rule.required(
            target,
            "WAIT-6",
            "a timeout throws WaitTimeoutException, not early, and loses no readiness",
            this::timeout),
        Rule.required(
            target, "WAIT-7", "waiting on a socket never consumes its data", this::keepsData),
        Rule.required(
            target,
            "WAIT-8",
            "waiting on a socket or listener closed locally throws SocketClosedException promptly",
            this::closedWhileWaiting),
        Rule.required(
            target,
            "EITHER-1",
            "waitEither returns the ready one, a when both are, without consuming the other",
            this::either),
        Rule.required(
            target,
            "EITHER-2",
            "waitEither follows the timeout rules WAIT-3 to WAIT-6",
            this::eitherTimeouts),
        Rule.required(
            target,
            "SLEEP-1",
            "sleep lasts at least its duration; zero checks cancellation; negative is rejected",
            this::sleep));
  }

  /**
   * Spawns a task that waits on {@code w}, fires {@code trigger} once it is suspended, and expects
   * the wait to return.
   */
  private void assertWokenBy(AsyncRuntime rt, Waitable w, String what, Trigger trigger)
      throws Exception {
    Suspended<String> waiter =
        spawnSuspended(
            rt,
            "wait1-" + what,
            ctx -> {
              try {
                ctx.waitReadable(w, event());
                return "woken";
              } catch (WaitTimeoutException e) {
                return "not woken within " + event();
              }
            });
    trigger.fire();
    assertEquals("woken", value(waiter.handle(), event().multipliedBy(2)), "a wait on " + what);
  }

  private interface Trigger {
    void fire() throws Exception;
  }

  private void wakes() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer()) {
      try (SocketPair data = connectTo(rt, server)) {
        assertWokenBy(
            rt, data.socket(), "socket data", () -> data.peer().getOutputStream().write(7));
      }
      try (SocketPair eof = connectTo(rt, server)) {
        assertWokenBy(rt, eof.socket(), "socket EOF", () -> eof.peer().shutdownOutput());
      }
      try (SocketPair reset = connectTo(rt, server)) {
        assertWokenBy(
            rt,
            reset.socket(),
            "socket reset",
            () -> {
              reset.peer().setSoLinger(true, 0);
              reset.peer().close();
            });
      }
      Signal s = rt.newSignal();
      assertWokenBy(rt, s, "signal raised from a plain thread", s::raise);
      try (Listener listener = rt.listen(ephemeral())) {
        Socket[] client = new Socket[1];
        try {
          assertWokenBy(
              rt,
              listener,
              "listener connection",
              () -> client[0] = JdkServer.connect(listener.localAddress(), event()));
        } finally {
          if (client[0] != null) {
            client[0].close();
          }
        }
      }
    }
  }

  private void levelTriggered() throws Exception {
    Duration within = scaledMillis(1000);
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer()) {
      try (SocketPair data = connectTo(rt, server)) {
        data.peer().getOutputStream().write(new byte[] {1, 2, 3});
        rt.runBlocking(
            "wait2-data",
            ctx -> {
              ctx.waitReadable(data.socket(), within);
              ctx.waitReadable(data.socket(), within); // still readable: nothing was read
              return null;
            });
      }
      try (SocketPair eof = connectTo(rt, server)) {
        eof.peer().shutdownOutput();
        rt.runBlocking(
            "wait2-eof",
            ctx -> {
              ctx.waitReadable(eof.socket(), within);
              ctx.waitReadable(eof.socket(), within);
              return null;
            });
      }
      Signal s = rt.newSignal();
      s.raise();
      rt.runBlocking(
          "wait2-signal",
          ctx -> {
            ctx.waitReadable(s, within);
            return null;
          });
      try (Listener listener = rt.listen(ephemeral());
          Socket client = JdkServer.connect(listener.localAddress(), event())) {
        rt.runBlocking(
            "wait2-listener",
            ctx -> {
              ctx.waitReadable(listener, within);
              ctx.waitReadable(listener, within);
              listener.accept(ctx).close();
              return null;
            });
        assertTrue(client.isConnected());
      }
    }
  }

  private void zeroPolls() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        Listener listener = rt.listen(ephemeral());
        SocketPair pair = connectTo(rt, server)) {
      Signal s = rt.newSignal();
      int polls = 1000;
      long took =
          rt.runBlocking(
              "wait3-polls",
              ctx -> {
                long t0 = System.nanoTime();
                for (int i = 0; i < polls; i++) {
                  assertThrows(
                      WaitTimeoutException.class,
                      () -> ctx.waitReadable(s, Duration.ZERO),
                      "a poll of an unraised signal");
                  assertThrows(
                      WaitTimeoutException.class,
                      () -> ctx.waitReadable(pair.socket(), Duration.ZERO),
                      "a poll of a socket without data");
                  assertThrows(
                      WaitTimeoutException.class,
                      () -> ctx.waitReadable(listener, Duration.ZERO),
                      "a poll of a listener without connections");
                }
                return System.nanoTime() - t0;
              });
      // A poll that suspends costs at least a timer tick (about 1 ms) each: 3 s or more in all.
      Duration limit = scaledMillis(2000);
      assertTrue(
          took <= limit.toNanos(),
          () ->
              (3 * polls)
                  + " polls that find nothing took "
                  + millis(took)
                  + " ms: a zero timeout must not suspend (limit "
                  + limit.toMillis()
                  + " ms)");

      s.raise();
      pair.peer().getOutputStream().write(9);
      try (Socket client = JdkServer.connect(listener.localAddress(), event())) {
        rt.runBlocking(
            "wait3-ready",
            ctx -> {
              ctx.waitReadable(s, Duration.ZERO);
              // Socket and listener readiness comes from the kernel: give it its moment, then poll.
              ctx.waitReadable(pair.socket(), event());
              ctx.waitReadable(pair.socket(), Duration.ZERO);
              ctx.waitReadable(listener, event());
              ctx.waitReadable(listener, Duration.ZERO);
              return null;
            });
        assertTrue(client.isConnected());
      }
    }
  }

  private void negative() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        SocketPair pair = connectTo(rt, server)) {
      Signal raised = rt.newSignal();
      Signal other = rt.newSignal();
      raised.raise();
      pair.peer().getOutputStream().write(new byte[] {5, 6});
      Duration minus = Duration.ofMillis(-1);
      rt.runBlocking(
          "wait4",
          ctx -> {
            ctx.waitReadable(pair.socket(), event());
            assertThrows(
                IllegalArgumentException.class,
                () -> ctx.waitReadable(raised, minus),
                "waitReadable(signal, -1 ms)");
            assertThrows(
                IllegalArgumentException.class,
                () -> ctx.waitReadable(other, Duration.ofNanos(-1)),
                "waitReadable(unraised signal, -1 ns)");
            assertThrows(
                IllegalArgumentException.class,
                () -> ctx.waitEither(raised, other, minus),
                "waitEither(.., -1 ms)");
            assertThrows(
                IllegalArgumentException.class,
                () -> ctx.waitReadable(pair.socket(), minus),
                "waitReadable(socket, -1 ms)");
            assertThrows(
                NullPointerException.class,
                () -> ctx.waitReadable(raised, null),
                "waitReadable(signal, null)");
            // Nothing was consumed: the raise and the data are still there.
            ctx.waitReadable(raised, Duration.ZERO);
            assertArrayEquals(
                new byte[] {5, 6},
                BackendIo.readExactly(ctx, pair.socket(), 2),
                "data after rejected waits");
            return null;
          });
    }
  }

  private void forever() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer()) {
      Signal s = rt.newSignal();
      Suspended<String> waiter =
          spawnSuspended(
              rt,
              "wait5-forever",
              ctx -> {
                ctx.waitReadable(s, Context.FOREVER);
                return "woken";
              });
      // A FOREVER that overflows into a past deadline ends the wait at once.
      Eventually.holdsFor(
          scaledMillis(300), "a FOREVER wait to stay suspended", () -> !waiter.handle().isDone());
      s.raise();
      assertEquals("woken", value(waiter.handle(), event()));

      Suspended<String> sleeper =
          spawnSuspended(
              rt,
              "wait5-sleep",
              ctx -> {
                ctx.sleep(Context.FOREVER);
                return "slept forever";
              });
      Eventually.holdsFor(
          scaledMillis(200), "sleep(FOREVER) to stay suspended", () -> !sleeper.handle().isDone());
      sleeper.handle().cancel();
      assertCancelled(sleeper.handle(), event());

      try (var s2 =
              rt.runBlocking(
                  "wait5-connect", ctx -> rt.connect(ctx, server.address(), Context.FOREVER));
          Socket accepted = server.accept(event())) {
        assertTrue(s2.isOpen(), "a socket connected with a FOREVER timeout");
        assertTrue(accepted.isConnected());
      }
      TaskHandle<String> quick = rt.spawn("wait5-join", ctx -> "joined");
      assertEquals(new Outcome.Success<>("joined"), quick.join(Context.FOREVER), "join(FOREVER)");
    }
  }

  private void timeout() throws Exception {
    Duration timeout = Duration.ofMillis(50);
    Duration upper = scaled(Duration.ofSeconds(2));
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        Listener listener = rt.listen(ephemeral());
        SocketPair pair = connectTo(rt, server)) {
      Signal s = rt.newSignal();
      assertTimesOut(rt, "signal", timeout, upper, ctx -> ctx.waitReadable(s, timeout));
      assertTimesOut(rt, "socket", timeout, upper, ctx -> ctx.waitReadable(pair.socket(), timeout));
      assertTimesOut(rt, "listener", timeout, upper, ctx -> ctx.waitReadable(listener, timeout));

      // Readiness arriving after a timeout is seen by the next wait.
      s.raise();
      pair.peer().getOutputStream().write(new byte[] {1, 2});
      rt.runBlocking(
          "wait6-after",
          ctx -> {
            ctx.waitReadable(s, event());
            ctx.waitReadable(pair.socket(), event());
            assertArrayEquals(new byte[] {1, 2}, BackendIo.readExactly(ctx, pair.socket(), 2));
            return null;
          });

      raceRaiseWithTimeout(rt);
    }
  }

  interface Wait {
    void run(Context ctx) throws Exception;
  }

  /**
   * The wait must throw WaitTimeoutException no earlier than {@code timeout}, and within {@code
   * upper}.
   */
  private void assertTimesOut(
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
          case Outcome.Failure<Long> f -> throw rethrowable(h.name(), f.error());
          case Outcome.Cancelled<Long> c -> throw new AssertionFailedError("cancelled");
        };
    assertTrue(
        took >= timeout.toNanos(),
        () ->
            "a wait on "
                + what
                + " timed out after "
                + millis(took)
                + " ms, before its "
                + timeout.toMillis()
                + " ms timeout");
  }

  /**
   * Raises land right around the moment a short wait times out; whichever way each race goes, the
   * raise is seen exactly once.
   */
  private void raceRaiseWithTimeout(AsyncRuntime rt) throws Exception {
    AtomicReference<Signal> target = new AtomicReference<>();
    AtomicLong raiseAt = new AtomicLong();
    AtomicReference<Signal> raisedLast = new AtomicReference<>();
    Thread raiser =
        Thread.ofPlatform()
            .name("tck-wait6-raiser")
            .daemon(true)
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    Signal s = target.getAndSet(null);
                    if (s == null) {
                      Thread.onSpinWait();
                      continue;
                    }
                    long at = raiseAt.get();
                    while (System.nanoTime() - at < 0) {
                      Thread.onSpinWait();
                    }
                    s.raise();
                    raisedLast.set(s);
                  }
                });
    try {
      int rounds = 150;
      int[] timedOut = new int[1];
      rt.runBlocking(
          "wait6-race",
          ctx -> {
            for (int i = 0; i < rounds; i++) {
              Signal s = rt.newSignal();
              long now = System.nanoTime();
              raiseAt.set(now + ThreadLocalRandom.current().nextLong(1_000_000, 3_000_000));
              target.set(s);
              try {
                ctx.waitReadable(s, Duration.ofMillis(2));
              } catch (WaitTimeoutException e) {
                timedOut[0]++;
                try {
                  ctx.waitReadable(s, event());
                } catch (WaitTimeoutException lost) {
                  throw new AssertionFailedError(
                      "round " + i + ": a raise that came at or after a timeout was lost");
                }
              }
              long deadline = System.nanoTime() + event().toNanos();
              while (raisedLast.get() != s) {
                if (System.nanoTime() - deadline > 0) {
                  throw new AssertionFailedError("the raiser thread stalled");
                }
                Thread.onSpinWait();
              }
              int round = i;
              assertThrows(
                  WaitTimeoutException.class,
                  () -> ctx.waitReadable(s, Duration.ZERO),
                  () -> "round " + round + ": one raise was seen twice");
            }
            return null;
          });
    } finally {
      raiser.interrupt();
      raiser.join(event().toMillis());
    }
  }

  private void keepsData() throws Exception {
    byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        SocketPair pair = connectTo(rt, server)) {
      Suspended<byte[]> reader =
          spawnSuspended(
              rt,
              "wait7",
              ctx -> {
                ctx.waitReadable(pair.socket(), event());
                ctx.waitReadable(pair.socket(), event());
                ctx.waitEither(pair.socket(), rt.newSignal(), event());
                return BackendIo.readExactly(ctx, pair.socket(), hello.length);
              });
      pair.peer().getOutputStream().write(hello);
      assertArrayEquals(hello, value(reader.handle(), event()), "data read after three waits");
    }
  }

  private void closedWhileWaiting() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer()) {
      SocketPair before = connectTo(rt, server);
      try (before) {
        before.socket().close();
        Promptness.assertPrompt(
            "a wait on a socket closed before it",
            prompt(),
            () ->
                rt.runBlocking(
                    "wait8-closed-before",
                    ctx -> {
                      long t0 = System.nanoTime();
                      assertThrows(
                          SocketClosedException.class,
                          () -> ctx.waitReadable(before.socket(), Context.FOREVER),
                          "a wait on a socket closed before");
                      return System.nanoTime() - t0;
                    }));
      }
      Listener closedListener = rt.listen(ephemeral());
      closedListener.close();
      rt.runBlocking(
          "wait8-listener-closed-before",
          ctx -> {
            assertThrows(
                SocketClosedException.class,
                () -> ctx.waitReadable(closedListener, Context.FOREVER),
                "a wait on a listener closed before");
            return null;
          });

      Promptness.assertPrompt(
          "a wait on a socket closed while waiting",
          prompt(),
          () -> {
            try (SocketPair during = connectTo(rt, server)) {
              return closedWake(rt, "socket", during.socket(), during.socket()::close);
            }
          });
      Promptness.assertPrompt(
          "a wait on a listener closed while waiting",
          prompt(),
          () -> {
            Listener listener = rt.listen(ephemeral());
            return closedWake(rt, "listener", listener, listener::close);
          });
    }
  }

  /**
   * Nanoseconds from {@code close} to the wake, with SocketClosedException, of a task waiting on
   * {@code w}.
   */
  private long closedWake(AsyncRuntime rt, String what, Waitable w, Runnable close)
      throws Exception {
    AtomicLong wokeAt = new AtomicLong();
    Suspended<String> waiter =
        spawnSuspended(
            rt,
            "wait8-" + what,
            ctx -> {
              try {
                ctx.waitReadable(w, Context.FOREVER);
                return "returned";
              } catch (SocketClosedException e) {
                wokeAt.set(System.nanoTime());
                return "closed";
              }
            });
    long t0 = System.nanoTime();
    close.run();
    assertEquals(
        "closed", value(waiter.handle(), event()), "a wait on a " + what + " closed while waiting");
    return wokeAt.get() - t0;
  }

  private void either() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        SocketPair pair = connectTo(rt, server)) {
      Signal a = rt.newSignal();
      Signal b = rt.newSignal();
      rt.runBlocking(
          "either1-one-ready",
          ctx -> {
            b.raise();
            assertSame(b, ctx.waitEither(a, b, event()), "only b raised");
            a.raise();
            assertSame(a, ctx.waitEither(a, b, event()), "only a raised");
            a.raise();
            b.raise();
            assertSame(a, ctx.waitEither(a, b, event()), "both raised");
            // b was not consumed; a was (SIG-3).
            ctx.waitReadable(b, Duration.ZERO);
            assertThrows(
                WaitTimeoutException.class,
                () -> ctx.waitReadable(a, Duration.ZERO),
                "a after waitEither returned it");
            assertThrows(
                IllegalArgumentException.class,
                () -> ctx.waitEither(a, a, event()),
                "waitEither(a, a)");
            return null;
          });

      // A raise from a plain thread wakes a waitEither suspended on two idle signals.
      Suspended<Waitable> waiter =
          spawnSuspended(rt, "either1-wake", ctx -> ctx.waitEither(a, b, event()));
      b.raise();
      assertSame(b, value(waiter.handle(), event()), "waitEither woken by b");

      // A socket with data as a, a raised signal as b: a wins and b stays raised.
      pair.peer().getOutputStream().write(new byte[] {3, 1, 4});
      b.raise();
      rt.runBlocking(
          "either1-socket",
          ctx -> {
            ctx.waitReadable(pair.socket(), event());
            assertSame(
                pair.socket(),
                ctx.waitEither(pair.socket(), b, event()),
                "socket with data (a) and raised signal (b)");
            ctx.waitReadable(b, Duration.ZERO);
            assertSame(
                pair.socket(),
                ctx.waitEither(a, pair.socket(), event()),
                "idle signal (a) and socket with data (b)");
            assertArrayEquals(
                new byte[] {3, 1, 4},
                BackendIo.readExactly(ctx, pair.socket(), 3),
                "data after waitEither");
            return null;
          });
    }
  }

  private void eitherTimeouts() throws Exception {
    Duration timeout = Duration.ofMillis(50);
    Duration upper = scaled(Duration.ofSeconds(2));
    try (AsyncRuntime rt = open()) {
      Signal a = rt.newSignal();
      Signal b = rt.newSignal();
      long took =
          rt.runBlocking(
              "either2-zero",
              ctx -> {
                long t0 = System.nanoTime();
                for (int i = 0; i < 3000; i++) {
                  assertThrows(
                      WaitTimeoutException.class,
                      () -> ctx.waitEither(a, b, Duration.ZERO),
                      "waitEither(ZERO) with nothing ready");
                }
                return System.nanoTime() - t0;
              });
      assertTrue(
          took <= scaledMillis(2000).toNanos(),
          () ->
              "3000 waitEither polls took "
                  + millis(took)
                  + " ms: a zero timeout must not suspend");
      b.raise();
      rt.runBlocking(
          "either2-zero-ready",
          ctx -> {
            assertSame(b, ctx.waitEither(a, b, Duration.ZERO), "waitEither(ZERO) with b raised");
            b.raise();
            assertThrows(
                IllegalArgumentException.class,
                () -> ctx.waitEither(a, b, Duration.ofMillis(-1)),
                "waitEither with a negative timeout");
            assertThrows(
                NullPointerException.class,
                () -> ctx.waitEither(a, b, null),
                "waitEither with a null timeout");
            assertSame(b, ctx.waitEither(a, b, Duration.ZERO), "b after a rejected waitEither");
            return null;
          });
      assertTimesOut(rt, "pair of signals", timeout, upper, ctx -> ctx.waitEither(a, b, timeout));
      a.raise();
      rt.runBlocking(
          "either2-after",
          ctx -> {
            assertSame(a, ctx.waitEither(a, b, event()), "a raised after a waitEither timed out");
            return null;
          });
      Suspended<Waitable> forever =
          spawnSuspended(rt, "either2-forever", ctx -> ctx.waitEither(a, b, Context.FOREVER));
      Eventually.holdsFor(
          scaledMillis(200),
          "waitEither(FOREVER) to stay suspended",
          () -> !forever.handle().isDone());
      b.raise();
      assertSame(b, value(forever.handle(), event()));
    }
  }

  private void sleep() throws Exception {
    try (AsyncRuntime rt = open()) {
      rt.runBlocking(
          "sleep1",
          ctx -> {
            for (long ms : new long[] {1, 10, 50}) {
              Duration d = Duration.ofMillis(ms);
              long t0 = System.nanoTime();
              ctx.sleep(d);
              long took = System.nanoTime() - t0;
              assertTrue(
                  took >= d.toNanos(),
                  () -> "sleep(" + ms + " ms) returned after " + (took / 1000) + " µs");
              assertTrue(
                  took <= d.toNanos() + scaled(Duration.ofSeconds(2)).toNanos(),
                  () -> "sleep(" + ms + " ms) took " + millis(took) + " ms");
            }
            ctx.sleep(Duration.ZERO);
            assertThrows(
                IllegalArgumentException.class,
                () -> ctx.sleep(Duration.ofMillis(-1)),
                "sleep(-1 ms)");
            assertThrows(NullPointerException.class, () -> ctx.sleep(null), "sleep(null)");
            return null;
          });
      Signal never = rt.newSignal();
      Suspended<String> s =
          spawnSuspended(
              rt,
              "sleep1-zero-cancelled",
              ctx -> {
                try {
                  ctx.waitReadable(never, Context.FOREVER);
                } catch (TaskCancelledException first) {
                  try {
                    ctx.sleep(Duration.ZERO);
                    return "sleep(ZERO) returned in a cancelled task";
                  } catch (TaskCancelledException expected) {
                    return "checked";
                  }
                }
                return "not cancelled";
              });
      s.handle().cancel();
      assertEquals("checked", value(s.handle(), event()));
    }
  }
}
