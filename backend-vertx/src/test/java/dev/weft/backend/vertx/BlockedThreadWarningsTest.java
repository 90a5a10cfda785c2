package dev.weft.backend.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.RuntimeOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stalled event loop is counted, so a TCK run can fail on it. The stall here is on purpose. */
class BlockedThreadWarningsTest {
  @Test
  void aBlockedEventLoopIsCounted() throws Exception {
    RuntimeOptions options =
        RuntimeOptions.builder()
            .option(VertxSettings.BLOCKED_THREAD_CHECK_INTERVAL, "PT0.02S")
            .option(VertxSettings.MAX_EVENT_LOOP_EXECUTE_TIME, "PT0.05S")
            .build();
    long totalBefore = VertxBackend.blockedThreadWarnings();
    try (AsyncRuntime rt = new VertxBackend().open(options)) {
      VertxRuntime runtime = (VertxRuntime) rt;
      assertEquals(0, runtime.blockedThreadWarnings());
      CountDownLatch release = new CountDownLatch(1);
      runtime
          .vertx()
          .runOnContext(
              v -> {
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (runtime.blockedThreadWarnings() == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      release.countDown();
      assertTrue(
          runtime.blockedThreadWarnings() > 0, "no warning for an event loop blocked on purpose");
      assertTrue(VertxBackend.blockedThreadWarnings() > totalBefore);
    }
  }
}
