package dev.weft.backend.vertx;

import dev.weft.spi.RuntimeOptions;
import java.time.Duration;
import java.util.Locale;

/**
 * Every option the Vert.x backend reads, validated once at {@code open} so a bad value fails there
 * with the key in the message.
 *
 * @param eventLoopThreads event loops of an owned {@code Vertx}
 * @param preferNative run an owned {@code Vertx} on (guarded) epoll when it is available
 * @param blockedThreadCheckInterval how often an owned {@code Vertx} looks for blocked event loops
 * @param maxEventLoopExecuteTime how long one event-loop task may run before it counts as blocked
 * @param readBufferBytes bytes a socket holds for its reader before it stops fetching
 * @param writeBufferBytes bound of rule WRITE-2
 * @param listenBacklog accept backlog of listeners
 * @param closeGrace grace period of {@code close()}
 * @param receiveBuffer SO_RCVBUF of every socket, 0 for the kernel default
 * @param sendBuffer SO_SNDBUF of every socket, 0 for the kernel default
 */
record VertxSettings(
    int eventLoopThreads,
    boolean preferNative,
    Duration blockedThreadCheckInterval,
    Duration maxEventLoopExecuteTime,
    int readBufferBytes,
    int writeBufferBytes,
    int listenBacklog,
    Duration closeGrace,
    int receiveBuffer,
    int sendBuffer) {

  static final String EVENT_LOOP_THREADS = "weft.vertx.eventLoopThreads";
  static final String PREFER_NATIVE = "weft.vertx.preferNative";
  static final String BLOCKED_THREAD_CHECK_INTERVAL = "weft.vertx.blockedThreadCheckInterval";
  static final String MAX_EVENT_LOOP_EXECUTE_TIME = "weft.vertx.maxEventLoopExecuteTime";
  static final String READ_BUFFER_BYTES = "weft.vertx.readBufferBytes";

  static final int DEFAULT_READ_BUFFER_BYTES = 64 * 1024;
  static final int DEFAULT_LISTEN_BACKLOG = 1024;
  static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(5);
  static final Duration DEFAULT_BLOCKED_THREAD_CHECK_INTERVAL = Duration.ofMillis(100);
  static final Duration DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME = Duration.ofSeconds(2);

  static VertxSettings parse(RuntimeOptions options) {
    int threads =
        positive(
            options, EVENT_LOOP_THREADS, Math.max(1, Runtime.getRuntime().availableProcessors()));
    boolean preferNative = bool(options, PREFER_NATIVE, true);
    Duration check =
        positive(options, BLOCKED_THREAD_CHECK_INTERVAL, DEFAULT_BLOCKED_THREAD_CHECK_INTERVAL);
    Duration maxExec =
        positive(options, MAX_EVENT_LOOP_EXECUTE_TIME, DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME);
    int read = positive(options, READ_BUFFER_BYTES, DEFAULT_READ_BUFFER_BYTES);
    int write =
        positive(
            options, RuntimeOptions.WRITE_BUFFER_BYTES, RuntimeOptions.DEFAULT_WRITE_BUFFER_BYTES);
    int backlog = positive(options, RuntimeOptions.LISTEN_BACKLOG, DEFAULT_LISTEN_BACKLOG);
    Duration grace = options.getDuration(RuntimeOptions.CLOSE_GRACE, DEFAULT_CLOSE_GRACE);
    if (grace.isNegative()) {
      throw new IllegalArgumentException(
          "option " + RuntimeOptions.CLOSE_GRACE + " must not be negative, got " + grace);
    }
    int rcv = nonNegative(options, RuntimeOptions.SOCKET_RECEIVE_BUFFER);
    int snd = nonNegative(options, RuntimeOptions.SOCKET_SEND_BUFFER);
    return new VertxSettings(
        threads, preferNative, check, maxExec, read, write, backlog, grace, rcv, snd);
  }

  private static int positive(RuntimeOptions options, String key, int fallback) {
    int v = options.getInt(key, fallback);
    if (v <= 0) {
      throw new IllegalArgumentException("option " + key + " must be positive, got " + v);
    }
    return v;
  }

  private static Duration positive(RuntimeOptions options, String key, Duration fallback) {
    Duration d = options.getDuration(key, fallback);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          "option " + key + " must be a positive duration, got " + d);
    }
    return d;
  }

  private static int nonNegative(RuntimeOptions options, String key) {
    int v = options.getInt(key, 0);
    if (v < 0) {
      throw new IllegalArgumentException("option " + key + " must not be negative, got " + v);
    }
    return v;
  }

  private static boolean bool(RuntimeOptions options, String key, boolean fallback) {
    return options
        .get(key)
        .map(
            v ->
                switch (v.trim().toLowerCase(Locale.ROOT)) {
                  case "true" -> true;
                  case "false" -> false;
                  default ->
                      throw new IllegalArgumentException(
                          "option " + key + " must be true or false, got '" + v + "'");
                })
        .orElse(fallback);
  }
}
