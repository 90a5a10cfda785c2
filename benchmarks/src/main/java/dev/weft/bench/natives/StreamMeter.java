package dev.weft.bench.natives;

import dev.weft.bench.Figures;
import dev.weft.bench.Limits;

/**
 * The receiving side's bookkeeping of a stream, with SpiBench's phases: warm-up bytes (or the
 * warm-up cap), then timed bytes (or the timed cap), timed from the end of the warm-up to the read
 * that completes the timed bytes; MB means 10^6 bytes.
 */
final class StreamMeter {
  private final long warmupBytes;
  private final long timedBytes;
  private long warmDeadline;
  private long warmed;
  private boolean timing;
  private long start;
  private long deadline;
  private long timed;
  private long now;
  private boolean done;

  StreamMeter(long warmupBytes, long timedBytes) {
    this.warmupBytes = warmupBytes;
    this.timedBytes = timedBytes;
  }

  /** Called when the connection is accepted. */
  void begin() {
    warmDeadline = System.nanoTime() + Limits.WARMUP_CAP.toNanos();
    if (warmupBytes <= 0) {
      startTiming(System.nanoTime());
    }
  }

  /**
   * Counts {@code n} bytes read; true once, on the read that completes the timed phase. Bytes after
   * that are ignored.
   */
  boolean received(int n) {
    if (done) {
      return false;
    }
    if (!timing) {
      warmed += n;
      long t = System.nanoTime();
      if (warmed >= warmupBytes || t >= warmDeadline) {
        startTiming(t);
      }
      return false;
    }
    timed += n;
    now = System.nanoTime();
    if (timed >= timedBytes || now >= deadline) {
      done = true;
    }
    return done;
  }

  Figures figures() {
    return new Figures()
        .put("MB/s", timed / 1e6 / ((now - start) / 1e9))
        .put("MB timed", timed / 1e6);
  }

  private void startTiming(long t) {
    timing = true;
    start = t;
    now = t;
    deadline = t + Limits.TIMED_CAP.toNanos();
  }
}
