package dev.weft.server.engine;

import dev.weft.spi.Context;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskCancelledException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One connection's writer task: sleeps on the connection's signal and writes everything pending in
 * one gathering write, timing each write for the write deadline.
 */
final class ClientWriter {
  private final ClientConnection conn;
  private final PendingOutput pending;

  /** When the write in progress started ({@code | 1}, so never 0), or 0 between writes. */
  private volatile long writeStartedAt;

  ClientWriter(ClientConnection conn) {
    this.conn = conn;
    this.pending = conn.pending;
  }

  /** Whether a write has been blocked longer than {@code deadlineNanos}. Any thread. */
  boolean pastDeadline(long now, long deadlineNanos) {
    long ws = writeStartedAt;
    return ws != 0 && now - ws > deadlineNanos;
  }

  Void writeLoop(Context ctx, StreamSocket socket, byte[] info) {
    try {
      write(ctx, socket, ByteBuffer.wrap(info));
      while (true) {
        ctx.waitReadable(conn.writeSignal, Context.FOREVER);
        ByteBuffer[] out;
        while ((out = pending.take()) != null) {
          writeStartedAt = System.nanoTime() | 1;
          socket.write(ctx, out);
          writeStartedAt = 0;
          pending.written();
        }
        if (pending.isClosed()) {
          conn.terminate();
          return null;
        }
      }
    } catch (TaskCancelledException e) {
      conn.terminate();
      throw e;
    } catch (IOException e) {
      if (!(e instanceof SocketClosedException)) {
        conn.log.debug("write error: " + e);
      }
      conn.terminate();
      return null;
    } catch (RuntimeException | Error e) {
      conn.log.error("writer failed", e);
      conn.terminate();
      throw e;
    }
  }

  private void write(Context ctx, StreamSocket socket, ByteBuffer b) throws IOException {
    writeStartedAt = System.nanoTime() | 1;
    socket.write(ctx, b);
    writeStartedAt = 0;
  }
}
