package dev.weft.bench;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Signal;
import dev.weft.spi.TaskHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Two tasks of one runtime bounce a pair of signals: the timer raises "ping" and waits for "pong",
 * the echo task waits for "ping" and raises "pong". Each round trip is timed on the timer task.
 */
final class SignalPingPong implements Measurement {
  private final int warmup;
  private final int recorded;

  SignalPingPong(int warmup, int recorded) {
    this.warmup = warmup;
    this.recorded = recorded;
  }

  @Override
  public String name() {
    return "signal";
  }

  @Override
  public Figures run(AsyncRuntime runtime) throws Exception {
    Signal ping = runtime.newSignal();
    Signal pong = runtime.newSignal();
    AtomicBoolean done = new AtomicBoolean();
    TaskHandle<Long> echo =
        runtime.spawn(
            "signal-echo",
            ctx -> {
              long n = 0;
              while (true) {
                ctx.waitReadable(ping, Context.FOREVER);
                if (done.get()) {
                  return n;
                }
                pong.raise();
                n++;
              }
            });
    Figures figures =
        runtime.runBlocking(
            "signal-timer",
            ctx -> {
              long warmDeadline = System.nanoTime() + Limits.WARMUP_CAP.toNanos();
              for (int i = 0; i < warmup && System.nanoTime() < warmDeadline; i++) {
                ping.raise();
                ctx.waitReadable(pong, Context.FOREVER);
              }
              Latencies latencies = new Latencies(recorded);
              long start = System.nanoTime();
              long deadline = start + Limits.TIMED_CAP.toNanos();
              long now = start;
              while (!latencies.full() && now < deadline) {
                long t0 = now;
                ping.raise();
                ctx.waitReadable(pong, Context.FOREVER);
                now = System.nanoTime();
                latencies.add(now - t0);
              }
              return latencies.summarise(now - start);
            });
    done.set(true);
    ping.raise();
    echo.join(Limits.JOIN).value();
    return figures;
  }
}
