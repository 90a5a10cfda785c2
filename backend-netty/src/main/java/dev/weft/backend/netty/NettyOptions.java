package dev.weft.backend.netty;

import dev.weft.backend.kit.BackendOptionReader;
import dev.weft.spi.RuntimeOptions;
import java.time.Duration;

/**
 * Every option the Netty backend reads, validated once at {@code open} so a bad value fails there
 * with the key in the message instead of surfacing later on an event loop.
 *
 * @param transport the requested transport, or {@code null} to pick the best available
 * @param eventLoopThreads threads of the event loop group
 * @param writeBufferBytes high water mark of each channel (WRITE-2)
 * @param inboundQueueBytes bytes a socket buffers from the kernel before it stops reading
 * @param listenBacklog accept backlog of listeners
 * @param closeGrace grace period of {@code close()}
 * @param receiveBuffer SO_RCVBUF for every socket, or 0 to leave the kernel default
 * @param sendBuffer SO_SNDBUF for every socket, or 0 to leave the kernel default
 * @param tasksOnEventLoop task virtual threads are scheduled on the event loops (opt-in)
 */
record NettyOptions(
    Transport transport,
    int eventLoopThreads,
    int writeBufferBytes,
    int inboundQueueBytes,
    int listenBacklog,
    Duration closeGrace,
    int receiveBuffer,
    int sendBuffer,
    boolean tasksOnEventLoop) {

  /** Transport override: {@code epoll} or {@code nio}; unset picks epoll when it loads. */
  static final String TRANSPORT = "weft.netty.transport";

  /** Event loop threads; default 2 (or 1 on a one-CPU machine). */
  static final String EVENT_LOOP_THREADS = "weft.netty.eventLoopThreads";

  /** Per-socket inbound buffering before reads from the kernel pause; default 64 KiB. */
  static final String INBOUND_QUEUE_BYTES = "weft.netty.inboundQueueBytes";

  /**
   * {@code true} schedules task virtual threads on the event loops; needs {@code --add-opens
   * java.base/java.lang}.
   */
  static final String TASKS_ON_EVENT_LOOP = "weft.netty.tasksOnEventLoop";

  static final int DEFAULT_INBOUND_QUEUE_BYTES = 64 * 1024;

  static NettyOptions parse(RuntimeOptions options) {
    BackendOptionReader o = new BackendOptionReader(options);
    Transport transport =
        o.word(TRANSPORT)
            .filter(v -> !v.equals("auto"))
            .map(NettyOptions::transportNamed)
            .orElseGet(Transport::best);
    int threads =
        o.positiveInt(
            EVENT_LOOP_THREADS,
            Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
    int writeBuffer = o.writeBufferBytes();
    int inbound = o.positiveInt(INBOUND_QUEUE_BYTES, DEFAULT_INBOUND_QUEUE_BYTES);
    int backlog = o.listenBacklog();
    Duration grace = o.closeGrace();
    int rcv = o.socketReceiveBuffer();
    int snd = o.socketSendBuffer();
    boolean hosted = o.bool(TASKS_ON_EVENT_LOOP, false);
    if (hosted && !LoopHostedThreads.available()) {
      throw new IllegalArgumentException(
          "option "
              + TASKS_ON_EVENT_LOOP
              + "=true needs the JDK's internal virtual"
              + " thread builder: run with --add-opens java.base/java.lang=dev.weft.backend.netty (module path) or"
              + " =ALL-UNNAMED (class path). Cause: "
              + LoopHostedThreads.unavailableReason());
    }
    return new NettyOptions(
        transport, threads, writeBuffer, inbound, backlog, grace, rcv, snd, hosted);
  }

  private static Transport transportNamed(String name) {
    return switch (name) {
      case "epoll" -> {
        if (!Transport.epollAvailable()) {
          throw new IllegalArgumentException(
              "option "
                  + TRANSPORT
                  + "=epoll, but epoll is not available here: "
                  + Transport.epollUnavailabilityCause());
        }
        yield Transport.EPOLL;
      }
      case "nio" -> Transport.NIO;
      case "io_uring", "iouring" ->
          throw new IllegalArgumentException(
              "option "
                  + TRANSPORT
                  + "=io_uring is not supported by this build of the netty backend; use epoll or nio");
      default ->
          throw new IllegalArgumentException(
              "option " + TRANSPORT + " must be epoll or nio, got '" + name + "'");
    };
  }
}
