package dev.weft.bench.nats;

/** One timed run of a {@link Scenario}: every message sent and (if subscribed) delivered. */
record Throughput(Scenario scenario, long elapsedNanos) {
  /** Messages published plus messages delivered per second (nats-bench's aggregate rate). */
  double messagesPerSecond() {
    return scenario.totalMessages() / seconds();
  }

  /** Payload megabytes (10^6 bytes) published plus delivered per second. */
  double megabytesPerSecond() {
    return scenario.totalMessages() * (double) scenario.size() / 1e6 / seconds();
  }

  private double seconds() {
    return elapsedNanos / 1e9;
  }
}
