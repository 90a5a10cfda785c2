package dev.weft.backend.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Listener;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.Signal;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The opt-in {@code weft.netty.tasksOnEventLoop}: task virtual threads carried by the event loops.
 * Surefire opens java.lang to this module for it, as an application would have to.
 */
class LoopHostedTasksTest {
  private static final Duration EVENT = Duration.ofSeconds(10);

  private static AsyncRuntime open() {
    return new NettyBackend()
        .open(
            RuntimeOptions.defaults()
                .with("weft.netty.tasksOnEventLoop", "true")
                .with(RuntimeOptions.CLOSE_GRACE, "PT2S"));
  }

  @Test
  void tasksAreCarriedByTheLoopsAndStillEchoAndSignal() throws Exception {
    assertTrue(
        LoopHostedThreads.available(),
        "run with --add-opens java.base/java.lang: " + LoopHostedThreads.unavailableReason());
    AtomicReference<Thread> taskThread = new AtomicReference<>();
    try (AsyncRuntime rt = open()) {
      String carried =
          rt.runBlocking(
              "where",
              ctx -> {
                taskThread.set(Thread.currentThread());
                return Thread.currentThread().toString();
              });
      // A mounted virtual thread names its carrier after the '@'.
      assertTrue(carried.contains("@weft-netty-"), carried);

      byte[] payload = new byte[1024 * 1024 + 3];
      new Random(3).nextBytes(payload);
      Listener listener = rt.listen(new InetSocketAddress("127.0.0.1", 0));
      rt.spawn(
          "echo",
          ctx -> {
            try (StreamSocket s = listener.accept(ctx)) {
              ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
              while (true) {
                buf.clear();
                if (s.read(ctx, buf) < 0) {
                  s.shutdownOutput();
                  return null;
                }
                buf.flip();
                s.write(ctx, buf);
              }
            }
          });
      byte[] echoed =
          rt.runBlocking(
              "client",
              ctx -> {
                try (StreamSocket c = rt.connect(ctx, listener.localAddress(), EVENT)) {
                  TaskHandle<Long> writer =
                      rt.spawn(
                          "writer",
                          w -> {
                            long n = c.write(w, ByteBuffer.wrap(payload));
                            c.shutdownOutput();
                            return n;
                          });
                  ByteArrayOutputStream got = new ByteArrayOutputStream();
                  ByteBuffer buf = ByteBuffer.allocate(7000);
                  while (true) {
                    buf.clear();
                    int r = c.read(ctx, buf);
                    if (r < 0) {
                      break;
                    }
                    got.write(buf.array(), 0, r);
                  }
                  writer.join(EVENT);
                  return got.toByteArray();
                }
              });
      assertArrayEquals(payload, echoed);

      Signal ping = rt.newSignal();
      Signal pong = rt.newSignal();
      int rounds = 10_000;
      TaskHandle<Integer> responder =
          rt.spawn(
              "pong",
              ctx -> {
                for (int i = 0; i < rounds; i++) {
                  ctx.waitReadable(ping, EVENT);
                  pong.raise();
                }
                return rounds;
              });
      rt.runBlocking(
          "ping",
          ctx -> {
            for (int i = 0; i < rounds; i++) {
              ping.raise();
              ctx.waitReadable(pong, EVENT);
            }
            return null;
          });
      assertEquals(rounds, responder.join(EVENT).value());
    }
    assertFalse(taskThread.get().isAlive());
  }
}
