package dev.weft.backend.vertx;

import dev.weft.backend.kit.BackendOptionReader;
import dev.weft.spi.RuntimeOptions;
import java.time.Duration;

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
  static final Duration DEFAULT_BLOCKED_THREAD_CHECK_INTERVAL = Duration.ofMillis(100);
  static final Duration DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME = Duration.ofSeconds(2);

  static VertxSettings parse(RuntimeOptions options) {
    BackendOptionReader o = new BackendOptionReader(options);
    int threads =
        o.positiveInt(EVENT_LOOP_THREADS, Math.max(1, Runtime.getRuntime().availableProcessors()));
    boolean preferNative = o.bool(PREFER_NATIVE, true);
    Duration check =
        o.positiveDuration(BLOCKED_THREAD_CHECK_INTERVAL, DEFAULT_BLOCKED_THREAD_CHECK_INTERVAL);
    Duration maxExec =
        o.positiveDuration(MAX_EVENT_LOOP_EXECUTE_TIME, DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME);
    int read = o.positiveInt(READ_BUFFER_BYTES, DEFAULT_READ_BUFFER_BYTES);
    return new VertxSettings(
        threads,
        preferNative,
        check,
        maxExec,
        read,
        o.writeBufferBytes(),
        o.listenBacklog(),
        o.closeGrace(),
        o.socketReceiveBuffer(),
        o.socketSendBuffer());
  }
}
