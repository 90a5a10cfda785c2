package dev.weft.bench.natives;

import dev.weft.bench.Figures;
import dev.weft.bench.Latencies;
import dev.weft.bench.Limits;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor under SpiBench's signal round trip: two virtual threads bounce a pair of flags with
 * {@link LockSupport#park} and {@link LockSupport#unpark}, the cheapest wake a virtual thread has.
 * The timer raises "ping" and waits for "pong", the echo waits for "ping" and raises "pong".
 */
public final class VirtualThreadHandoff implements NativeMeasurement {
  private final int warmup;
  private final int recorded;

  public VirtualThreadHandoff(int warmup, int recorded) {
    this.warmup = warmup;
    this.recorded = recorded;
  }

  @Override
  public String name() {
    return "handoff";
  }

  @Override
  public String runtime() {
    return "vt";
  }

  @Override
  public Figures run() throws Exception {
    Baton ping = new Baton();
    Baton pong = new Baton();
    AtomicBoolean done = new AtomicBoolean();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Long> echo =
          threads.submit(
              () -> {
                long n = 0;
                while (true) {
                  ping.await();
                  if (done.get()) {
                    return n;
                  }
                  pong.raise();
                  n++;
                }
              });
      Future<Figures> timer = threads.submit(() -> time(ping, pong));
      Figures figures;
      try {
        figures = timer.get(Limits.JOIN.toSeconds(), TimeUnit.SECONDS);
      } finally {
        done.set(true);
        ping.raise();
      }
      echo.get(Limits.JOIN.toSeconds(), TimeUnit.SECONDS);
      return figures;
    }
  }

  private Figures time(Baton ping, Baton pong) {
    long warmDeadline = System.nanoTime() + Limits.WARMUP_CAP.toNanos();
    for (int i = 0; i < warmup && System.nanoTime() < warmDeadline; i++) {
      ping.raise();
      pong.await();
    }
    Latencies latencies = new Latencies(recorded);
    long start = System.nanoTime();
    long deadline = start + Limits.TIMED_CAP.toNanos();
    long now = start;
    while (!latencies.full() && now < deadline) {
      long t0 = now;
      ping.raise();
      pong.await();
      now = System.nanoTime();
      latencies.add(now - t0);
    }
    return latencies.summarise(now - start);
  }

  /** A one-waiter flag: raise sets it and unparks the waiter, await parks until it is set. */
  private static final class Baton {
    private final AtomicBoolean raised = new AtomicBoolean();
    private volatile Thread waiter;

    void raise() {
      raised.set(true);
      Thread w = waiter;
      if (w != null) {
        LockSupport.unpark(w);
      }
    }

    void await() {
      // The waiter is published before the flag is checked, and raise sets the flag before it
      // reads the waiter, so a raise can never fall between the check and the park unseen.
      waiter = Thread.currentThread();
      while (!raised.compareAndSet(true, false)) {
        LockSupport.park(this);
      }
    }
  }
}
