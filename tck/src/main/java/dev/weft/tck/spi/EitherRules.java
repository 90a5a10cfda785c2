package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Signal;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.spi.Waitable;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import dev.weft.testing.Eventually;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** EITHER-1 and EITHER-2: waiting on the first of two waitables. */
final class EitherRules extends Fixture {
  EitherRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "EITHER-1",
            "waitEither returns the ready one, a when both are, without consuming the other",
            this::either),
        Rule.required(
            target,
            "EITHER-2",
            "waitEither follows the timeout rules WAIT-3 to WAIT-6",
            this::eitherTimeouts));
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
      TimeoutCheck.assertTimesOut(
          rt, "pair of signals", timeout, upper, ctx -> ctx.waitEither(a, b, timeout));
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
}
