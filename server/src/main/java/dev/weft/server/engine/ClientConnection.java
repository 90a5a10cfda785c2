package dev.weft.server.engine;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Signal;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection and its lifecycle: it wires a {@link ClientReader} task (parse, fan-out,
 * dirty set, stall) and a {@link ClientWriter} task around the client's {@link PendingOutput}, and
 * owns how the connection ends (flush then close, slow-consumer cut, or release at once). The
 * engine's housekeeping task {@link #tick(long)}s it for keepalive and deadlines.
 */
final class ClientConnection {
  private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

  final long cid;
  final ClientLog log;
  final PendingOutput pending;

  /** {@link #pending}, or its tracing decorator: everything queued for this client goes here. */
  final ClientSink sink;

  final Signal writeSignal;
  final ClientTimers timers;
  final ClientSubscriptions subscriptions;

  /** The read batch that last marked this connection dirty (see {@link Fanout}). */
  volatile long dirtyMark;

  private final StreamSocket socket;
  private final ClientSettings settings;
  private final ClientServices services;
  private final ClientReader reader;
  private final ClientWriter writer;
  private final AtomicBoolean terminated = new AtomicBoolean();

  TaskHandle<?> readerTask;
  TaskHandle<?> writerTask;

  ClientConnection(
      long cid,
      StreamSocket socket,
      Signal writeSignal,
      ClientSettings settings,
      ClientServices services,
      long now) {
    this.cid = cid;
    this.socket = socket;
    this.writeSignal = writeSignal;
    this.settings = settings;
    this.services = services;
    InetSocketAddress remote = socket.remoteAddress();
    String peer =
        remote == null ? "?" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
    this.log = new ClientLog(services.logger(), settings.debug(), peer + " - cid:" + cid + " - ");
    this.pending = new PendingOutput(settings.maxPending());
    this.sink = settings.trace() ? new TracingSink(pending, log) : pending;
    this.timers = new ClientTimers(settings, services.authRequired(), now);
    this.subscriptions = new ClientSubscriptions(services, sink);
    this.reader = new ClientReader(this, settings, services);
    this.writer = new ClientWriter(this);
  }

  /** Starts the writer (which sends {@code info} first) and the reader. */
  void start(AsyncRuntime runtime, byte[] info) {
    writerTask = runtime.spawn("weft-write-" + cid, ctx -> writer.writeLoop(ctx, socket, info));
    readerTask = runtime.spawn("weft-read-" + cid, ctx -> reader.readLoop(ctx, socket));
  }

  String clientIp() {
    InetSocketAddress remote = socket.remoteAddress();
    return remote == null ? "" : remote.getAddress().getHostAddress();
  }

  /** Called periodically by the engine's housekeeping task. */
  void tick(long now) {
    if (terminated.get()) {
      return;
    }
    if (writer.pastDeadline(now, settings.writeDeadlineNanos())) {
      slowConsumer(true);
      return;
    }
    switch (timers.due(now)) {
      case ClientTimers.AUTH_TIMEOUT -> {
        log.debug("Authentication Timeout");
        closeWithErrorDirect("Authentication Timeout");
      }
      case ClientTimers.STALE -> {
        log.debug("Stale Client Connection - Closing");
        closeWithErrorDirect("Stale Connection");
      }
      case ClientTimers.PING -> sendDirect(PING);
      default -> {
        // nothing due
      }
    }
  }

  /** Queues bytes from a thread other than the reader (housekeeping) and wakes the writer. */
  private void sendDirect(byte[] data) {
    int r = sink.control(data);
    if (r == PendingOutput.DELIVERED) {
      writeSignal.raise();
    } else if (r == PendingOutput.SLOW) {
      slowConsumer(false);
    }
  }

  private void closeWithErrorDirect(String text) {
    sendDirect(errLine(text));
    closeAfterFlush();
  }

  /** Stops taking input and messages; the writer writes what is pending, then closes. */
  void closeAfterFlush() {
    pending.close();
    subscriptions.removeAll();
    writeSignal.raise();
  }

  /** Cuts a slow consumer at once, without flushing and without -ERR (as nats-server). */
  void slowConsumer(boolean writeDeadline) {
    if (terminated.get()) {
      return;
    }
    services.slowConsumerCut();
    if (writeDeadline) {
      log.warn(
          "Slow Consumer Detected: WriteDeadline of "
              + settings.writeDeadlineNanos() / 1_000_000
              + "ms Exceeded");
    } else {
      log.warn("Slow Consumer Detected: MaxPending of " + settings.maxPending() + " Exceeded");
    }
    terminate();
  }

  /** Releases everything at once. Idempotent, any thread. */
  void terminate() {
    if (!terminated.compareAndSet(false, true)) {
      return;
    }
    pending.close();
    socket.close();
    subscriptions.removeAll();
    writeSignal.raise();
    services.closed(this);
  }

  boolean isTerminated() {
    return terminated.get();
  }

  /** nats-server's {@code -ERR 'text'} line. */
  static byte[] errLine(String text) {
    return ("-ERR '" + text + "'\r\n").getBytes(StandardCharsets.US_ASCII);
  }
}
