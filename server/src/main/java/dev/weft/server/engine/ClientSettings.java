package dev.weft.server.engine;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a client connection reads of the server's options, fixed when the server starts. Public only
 * so that the API package can build it into {@link EngineOptions}.
 */
public record ClientSettings(
    int maxControlLine,
    int maxPayload,
    long maxPending,
    long authTimeoutNanos,
    long pingIntervalNanos,
    int pingMax,
    long writeDeadlineNanos,
    boolean debug,
    boolean trace) {

  /** Pending bytes above which a subscriber stalls its publishers: 3/4 of max_pending. */
  long stallThreshold() {
    return maxPending / 4 * 3;
  }

  /** nats-server's first client PING: min(2 s, ping_interval) plus up to 20 % jitter. */
  long firstPingDelayNanos() {
    long d = Math.min(Duration.ofSeconds(2).toNanos(), pingIntervalNanos);
    long jitter = d / 5;
    return d + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter) : 0);
  }
}
