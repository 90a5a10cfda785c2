package dev.weft.bench.nats;

import java.util.List;

/**
 * One throughput shape: {@code publishers} connections each publish {@code messages} messages of
 * {@code size} bytes to one subject that {@code subscribers} connections (0 for publish-only)
 * subscribe to, so every subscriber receives {@code publishers × messages} messages.
 */
record Scenario(int publishers, int subscribers, int messages, int size) {
  /** Room for the publisher index and sequence number each payload carries. */
  static final int MIN_SIZE = 8;

  Scenario {
    if (publishers < 1 || subscribers < 0 || messages < 1 || size < MIN_SIZE) {
      throw new IllegalArgumentException(
          "scenario needs publishers >= 1, subscribers >= 0, messages >= 1, size >= "
              + MIN_SIZE
              + ": "
              + publishers
              + " "
              + subscribers
              + " "
              + messages
              + " "
              + size);
    }
  }

  /**
   * The default set of docs/benchmarks.md: sizes chosen to stay under any server's 64 MB pending
   * limit.
   */
  static List<Scenario> defaults() {
    return List.of(
        new Scenario(1, 0, 1_000_000, 16),
        new Scenario(1, 0, 300_000, 128),
        new Scenario(1, 0, 50_000, 1024),
        new Scenario(1, 1, 500_000, 16),
        new Scenario(1, 1, 300_000, 128),
        new Scenario(1, 1, 50_000, 1024),
        new Scenario(1, 4, 200_000, 16),
        new Scenario(1, 4, 20_000, 1024),
        new Scenario(4, 1, 125_000, 16));
  }

  /** The same shape with the message count multiplied by {@code factor} (at least one message). */
  Scenario scaled(double factor) {
    return new Scenario(publishers, subscribers, Math.max(1, (int) (messages * factor)), size);
  }

  /** Messages sent plus messages delivered, as nats-bench counts its aggregate rate. */
  long totalMessages() {
    return (long) publishers * messages * (1 + subscribers);
  }

  String label() {
    String shape =
        subscribers == 0
            ? "publish only"
            : publishers == 1 && subscribers == 1
                ? "1 pub : 1 sub"
                : publishers == 1
                    ? "1 pub : " + subscribers + " subs"
                    : publishers + " pubs : " + subscribers + " sub" + (subscribers > 1 ? "s" : "");
    return String.format("%s, %d B × %,d", shape, size, (long) publishers * messages);
  }
}
