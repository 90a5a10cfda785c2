package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Signal;
import dev.weft.spi.TaskCancelledException;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** SLEEP-1: sleep. */
final class SleepRules extends Fixture {
  SleepRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "SLEEP-1",
            "sleep lasts at least its duration; zero checks cancellation; negative is rejected",
            this::sleep));
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
