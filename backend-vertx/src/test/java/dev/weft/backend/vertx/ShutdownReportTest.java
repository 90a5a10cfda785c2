package dev.weft.backend.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.ShutdownReport;
import dev.weft.spi.Signal;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SHUT-3: a task that ignores its cancel is named in the report, and shutdown keeps to its grace.
 */
class ShutdownReportTest {
  @Test
  void stubbornTaskIsReported() throws Exception {
    CountDownLatch letGo = new CountDownLatch(1);
    CountDownLatch ignoring = new CountDownLatch(1);
    try (AsyncRuntime rt = new VertxBackend().open(RuntimeOptions.defaults())) {
      Signal never = rt.newSignal();
      TaskHandle<Object> polite =
          rt.spawn(
              "polite",
              ctx -> {
                ctx.waitReadable(never, Context.FOREVER);
                return null;
              });
      Signal alsoNever = rt.newSignal();
      TaskHandle<Object> stubborn =
          rt.spawn(
              "stubborn",
              ctx -> {
                try {
                  ctx.waitReadable(alsoNever, Context.FOREVER);
                } catch (TaskCancelledException e) {
                  ignoring.countDown();
                  letGo.await(10, TimeUnit.SECONDS);
                }
                return null;
              });
      long t0 = System.nanoTime();
      ShutdownReport report = rt.shutdown(Duration.ofMillis(500));
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ignoring.await(1, TimeUnit.SECONDS), "the stubborn task saw no cancel");
      assertFalse(stubborn.isDone());
      assertTrue(polite.isDone());
      assertEquals(List.of("stubborn"), report.unfinishedTasks());
      assertTrue(tookMs >= 500 && tookMs < 1500, "shutdown took " + tookMs + " ms");
    } finally {
      letGo.countDown();
    }
  }
}
