package dev.weft.backend.vertx;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A task parked in a read with no data coming wakes promptly when cancelled (CANCEL-4). */
class CancelWakesReadTest {
  @Test
  void cancelWakesABlockedRead() throws Exception {
    try (AsyncRuntime rt = new VertxBackend().open(RuntimeOptions.defaults())) {
      Listener listener = rt.listen(new InetSocketAddress("127.0.0.1", 0));
      CountDownLatch reading = new CountDownLatch(1);
      TaskHandle<Integer> reader =
          rt.spawn(
              "reader",
              ctx -> {
                StreamSocket s = listener.accept(ctx);
                reading.countDown();
                return s.read(ctx, ByteBuffer.allocate(16));
              });
      TaskHandle<StreamSocket> peer =
          rt.spawn(
              "silent-peer",
              ctx -> rt.connect(ctx, listener.localAddress(), Duration.ofSeconds(5)));
      assertTrue(reading.await(5, TimeUnit.SECONDS));
      // The reader is parked (or about to park) in read; no byte will ever arrive.
      waitUntilParked(reader);
      long start = System.nanoTime();
      reader.cancel();
      Outcome<Integer> outcome = reader.join(Duration.ofSeconds(5));
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertInstanceOf(Outcome.Cancelled.class, outcome);
      // Woken by the cancel itself: the read has no data and no timeout, so only the cancel can end
      // it.
      assertTrue(tookMs < 1000, "woke after " + tookMs + " ms");
      peer.join(Duration.ofSeconds(5)).value().close();
    }
  }

  private static void waitUntilParked(TaskHandle<?> task) throws InterruptedException {
    Thread t = ((dev.weft.backend.kit.VirtualTask<?>) task).thread();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(t.getState() == Thread.State.WAITING, "reader never parked: " + t.getState());
  }
}
