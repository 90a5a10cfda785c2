package dev.weft.client;

import dev.weft.spi.Context;
import dev.weft.spi.Signal;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.WaitTimeoutException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The writer task of one live socket: takes whatever the {@link Outbox} holds and writes it whole,
 * the PINGs and PONGs asked for after it, and sends a keepalive PING every ping interval. A write
 * failure closes the socket, which wakes the reader, which then runs the reconnect.
 */
final class SocketWriter {
  private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);

  private final Connection connection;
  private final Outbox outbox;
  private final StreamSocket socket;
  private final Signal signal;
  private final Duration pingInterval;

  SocketWriter(
      Connection connection,
      Outbox outbox,
      StreamSocket socket,
      Signal signal,
      Duration pingInterval) {
    this.connection = connection;
    this.outbox = outbox;
    this.socket = socket;
    this.signal = signal;
    this.pingInterval = pingInterval;
  }

  Void run(Context ctx) {
    byte[] mine = new byte[Outbox.WRITE_BATCH];
    long pingEvery = pingInterval.toNanos();
    long nextPing = System.nanoTime() + pingEvery;
    try {
      while (true) {
        Outbox.Batch batch = outbox.take(mine);
        if (batch == null) {
          long wait = nextPing - System.nanoTime();
          if (wait > 0) {
            try {
              ctx.waitReadable(signal, Duration.ofNanos(wait));
            } catch (WaitTimeoutException e) {
              // Time for a keepalive PING, checked below.
            }
          }
        } else {
          mine = batch.buffer();
          write(ctx, batch);
          if (mine.length > 4 * Outbox.WRITE_BATCH) {
            // Do not keep a buffer that one burst grew.
            mine = new byte[Outbox.WRITE_BATCH];
          }
        }
        if (System.nanoTime() - nextPing >= 0) {
          nextPing = System.nanoTime() + pingEvery;
          outbox.keepalive();
        }
      }
    } catch (TaskCancelledException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      if (!outbox.isClosing()) {
        connection.notifier().exception(e);
      }
      socket.close();
      return null;
    }
  }

  private void write(Context ctx, Outbox.Batch batch) throws IOException {
    ByteBuffer[] bufs = new ByteBuffer[1 + batch.pings() + batch.pongs()];
    int i = 0;
    bufs[i++] = ByteBuffer.wrap(batch.buffer(), 0, batch.length());
    for (int k = 0; k < batch.pings(); k++) {
      bufs[i++] = ByteBuffer.wrap(PING);
    }
    for (int k = 0; k < batch.pongs(); k++) {
      bufs[i++] = ByteBuffer.wrap(PONG);
    }
    socket.write(ctx, bufs);
  }
}
