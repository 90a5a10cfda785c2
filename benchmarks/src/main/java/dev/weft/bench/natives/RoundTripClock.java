package dev.weft.bench.natives;

import dev.weft.bench.Figures;
import dev.weft.bench.Latencies;
import dev.weft.bench.Limits;

/**
 * The client-side bookkeeping of an event-driven ping-pong, with SpiBench's phases: a warm-up of
 * {@code warmup} round trips (or the warm-up cap), then {@code recorded} timed round trips (or the
 * timed cap), each timed from the moment the previous one ended.
 */
final class RoundTripClock {
  private final int warmup;
  private final Latencies latencies;
  private long warmDeadline;
  private int warmed;
  private boolean timing;
  private long start;
  private long deadline;
  private long sent;
  private long end;

  RoundTripClock(int warmup, int recorded) {
    this.warmup = warmup;
    this.latencies = new Latencies(recorded);
  }

  /** Called just before the first ping is sent. */
  void begin() {
    long now = System.nanoTime();
    warmDeadline = now + Limits.WARMUP_CAP.toNanos();
    if (warmup <= 0) {
      startTiming(now);
    }
    sent = now;
  }

  /** Called when a whole reply has arrived; true when another ping is due, false when done. */
  boolean replied() {
    long now = System.nanoTime();
    if (!timing) {
      if (++warmed >= warmup || now >= warmDeadline) {
        startTiming(now);
      }
      sent = now;
      return true;
    }
    latencies.add(now - sent);
    sent = now;
    if (latencies.full() || now >= deadline) {
      end = now;
      return false;
    }
    return true;
  }

  Figures figures() {
    return latencies.summarise(end - start);
  }

  private void startTiming(long now) {
    timing = true;
    start = now;
    deadline = now + Limits.TIMED_CAP.toNanos();
  }
}
