package dev.weft.backend.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.Signal;
import dev.weft.spi.TaskHandle;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two tasks bounce two signals back and forth; a lost wake-up would hang one of them. */
class SignalPingPongTest {
  private static final int ROUNDS = 20_000;

  @Test
  void noWakeIsLost() throws Exception {
    try (AsyncRuntime rt = new VertxBackend().open(RuntimeOptions.defaults())) {
      Signal ping = rt.newSignal();
      Signal pong = rt.newSignal();
      TaskHandle<Integer> ponger = rt.spawn("ponger", ctx -> bounce(ctx, ping, pong));
      TaskHandle<Integer> pinger =
          rt.spawn(
              "pinger",
              ctx -> {
                for (int i = 0; i < ROUNDS; i++) {
                  ping.raise();
                  ctx.waitReadable(pong, Duration.ofSeconds(5));
                }
                return ROUNDS;
              });
      assertEquals(ROUNDS, pinger.join(Duration.ofSeconds(60)).value());
      assertEquals(ROUNDS, ponger.join(Duration.ofSeconds(5)).value());
    }
  }

  private static int bounce(Context ctx, Signal in, Signal out) throws Exception {
    for (int i = 0; i < ROUNDS; i++) {
      ctx.waitReadable(in, Duration.ofSeconds(5));
      out.raise();
    }
    return ROUNDS;
  }
}
