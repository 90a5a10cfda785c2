package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.Signal;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import dev.weft.testing.Eventually;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/** WAIT-3 to WAIT-6: a wait's timeout: zero polls, negative is rejected, FOREVER, expiry. */
final class WaitTimeoutRules extends Fixture {
  WaitTimeoutRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
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
            this::timeout));
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
      TimeoutCheck.assertTimesOut(
          rt, "signal", timeout, upper, ctx -> ctx.waitReadable(s, timeout));
      TimeoutCheck.assertTimesOut(
          rt, "socket", timeout, upper, ctx -> ctx.waitReadable(pair.socket(), timeout));
      TimeoutCheck.assertTimesOut(
          rt, "listener", timeout, upper, ctx -> ctx.waitReadable(listener, timeout));

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
}
