package dev.weft.bench;

import java.util.Arrays;

/** Round-trip times in nanoseconds, recorded one by one, summarised as rate and percentiles. */
public final class Latencies {
  private final long[] samples;
  private int count;

  public Latencies(int capacity) {
    samples = new long[capacity];
  }

  public void add(long nanos) {
    samples[count++] = nanos;
  }

  public boolean full() {
    return count == samples.length;
  }

  public int count() {
    return count;
  }

  /** Rate over the wall time of the recording, p50 and p99 in microseconds, and n. */
  public Figures summarise(long elapsedNanos) {
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    return new Figures()
        .put("round trips/s", count / (elapsedNanos / 1e9))
        .put("p50 µs", percentile(sorted, 0.50) / 1e3)
        .put("p99 µs", percentile(sorted, 0.99) / 1e3)
        .put("n", count);
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
