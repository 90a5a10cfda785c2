package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.Waitable;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** WAIT-7 and WAIT-8: waits on sockets and listeners keep data and see a local close. */
final class SocketWaitRules extends Fixture {
  SocketWaitRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target, "WAIT-7", "waiting on a socket never consumes its data", this::keepsData),
        Rule.required(
            target,
            "WAIT-8",
            "waiting on a socket or listener closed locally throws SocketClosedException promptly",
            this::closedWhileWaiting));
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
}
