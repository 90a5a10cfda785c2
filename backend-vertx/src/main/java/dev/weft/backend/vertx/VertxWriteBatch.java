package dev.weft.backend.vertx;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.Future;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The write calls of one socket on their way to its event loop. The first call queued while no
 * drain is pending schedules one {@code runOnContext} task, which writes everything queued by then
 * as one Vert.x Buffer: one hand-off and one flush per batch of calls. The socket keeps the count
 * of bytes handed off but not yet flushed; this class reports every change of it back.
 */
final class VertxWriteBatch {
  private final VertxSocket owner;
  private final NetSocket socket;
  private final io.vertx.core.Context vertxContext;
  private final ConcurrentLinkedQueue<byte[]> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();

  /** Event loop only: the last write handed to the NetSocket, so shutdownOutput can follow it. */
  private Future<Void> lastWrite;

  VertxWriteBatch(VertxSocket owner, NetSocket socket, io.vertx.core.Context vertxContext) {
    this.owner = owner;
    this.socket = socket;
    this.vertxContext = vertxContext;
  }

  /** Task: queues one call's bytes, already counted as unflushed by the socket. */
  void add(byte[] merged) throws SocketException {
    queued.add(merged);
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        vertxContext.runOnContext(v -> drainOnLoop());
      } catch (RejectedExecutionException e) {
        drainScheduled.set(false);
        dropQueued();
        throw new SocketException("the Vert.x event loop of this socket is gone: " + e);
      }
    }
  }

  /** One call's buffers as one array, so the loop gets one hand-off per call at most. */
  static byte[] merge(ByteBuffer[] srcs, long total) throws IOException {
    if (total > Integer.MAX_VALUE - 16) {
      throw new IOException("one write call is limited to 2 GiB, got " + total + " bytes");
    }
    byte[] merged = new byte[(int) total];
    int at = 0;
    for (ByteBuffer b : srcs) {
      int n = b.remaining();
      b.get(merged, at, n);
      at += n;
    }
    return merged;
  }

  /**
   * Shuts {@code channel}'s output down behind every write handed off so far and behind the last
   * write's flush: Netty's shutdownOutput fails writes still in its outbound buffer.
   */
  void shutdownOutputAfterWrites(Channel channel) throws SocketException {
    try {
      vertxContext.runOnContext(
          v -> {
            drainOnLoop();
            Future<Void> last = lastWrite;
            if (last == null || last.isComplete()) {
              shutdownOutputNow(channel);
            } else {
              last.onComplete(ar -> shutdownOutputNow(channel));
            }
          });
    } catch (RejectedExecutionException e) {
      throw new SocketException("the Vert.x event loop of this socket is gone: " + e);
    }
  }

  private static void shutdownOutputNow(Channel channel) {
    if (channel instanceof DuplexChannel duplex && channel.isActive()) {
      duplex.shutdownOutput();
    }
  }

  /**
   * Event loop: writes every call queued since the last drain as one Buffer. The flag is cleared
   * first, so a call queued after the last poll schedules a new drain instead of being missed.
   */
  private void drainOnLoop() {
    drainScheduled.set(false);
    byte[] first = queued.poll();
    if (first == null) {
      return;
    }
    byte[] next = queued.poll();
    if (next == null) {
      writeOnLoop(Unpooled.wrappedBuffer(first), first.length);
      return;
    }
    List<byte[]> batch = new ArrayList<>();
    batch.add(first);
    long bytes = first.length;
    for (; next != null; next = queued.poll()) {
      batch.add(next);
      bytes += next.length;
    }
    // Wrapped, not copied: a composite view over the calls' arrays.
    writeOnLoop(Unpooled.wrappedBuffer(batch.toArray(new byte[0][])), bytes);
  }

  /** Drops what is queued and not yet handed to Vert.x (the loop is gone). */
  private void dropQueued() {
    long bytes = 0;
    byte[] b;
    while ((b = queued.poll()) != null) {
      bytes += b.length;
    }
    owner.writesDropped(bytes);
  }

  private void writeOnLoop(ByteBuf data, long bytes) {
    if (owner.dropIfChannelGone(bytes)) {
      data.release();
      return;
    }
    Future<Void> written = socket.write(BufferInternal.buffer(data));
    lastWrite = written;
    written.onComplete(ar -> owner.writeCompleted(bytes, ar.failed() ? ar.cause() : null));
  }
}
