package dev.weft.backend.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The bounded inbound queue of one channel. The event loop appends the pooled buffers it reads and
 * stops reading once {@code limit} unread bytes are queued; the reading task copies out, releases
 * each buffer as it empties it, and asks the loop to read again once the queue is below the bound.
 * Readiness (data, EOF, error) is the state of this queue, so it is level-triggered. One lock, held
 * only for queue bookkeeping.
 */
final class NettyInboundQueue {
  private final int limit;
  private final Runnable resumeReading;
  private final Object lock = new Object();
  private final ArrayDeque<ByteBuf> buffers = new ArrayDeque<>(); // guarded by lock
  private int bytes; // guarded by lock
  private boolean readPaused; // guarded by lock
  private boolean inputEnded; // guarded by lock
  private boolean closed; // guarded by lock
  private IOException failure; // guarded by lock

  /** {@code resumeReading} asks the loop for more once a paused queue drained below the bound. */
  NettyInboundQueue(int limit, Runnable resumeReading) {
    this.limit = limit;
    this.resumeReading = resumeReading;
  }

  /** Loop: queues {@code buf}, or releases it when the socket is closed or it is empty. */
  void add(ByteBuf buf) {
    synchronized (lock) {
      if (!closed && buf.isReadable()) {
        buffers.add(buf);
        bytes += buf.readableBytes();
        return;
      }
    }
    buf.release();
  }

  /** Loop, after a read burst: true when the loop should read again, false when it pauses. */
  boolean readMore() {
    synchronized (lock) {
      boolean open = !closed && !inputEnded;
      boolean more = open && bytes < limit;
      readPaused = open && !more;
      return more;
    }
  }

  /** Loop: the peer shut its output (EOF). */
  void endInput() {
    synchronized (lock) {
      inputEnded = true;
      // Asking an epoll channel to read after its input shut down makes Netty close it, writes and
      // all.
      readPaused = false;
    }
  }

  /** Loop: the channel failed; the first failure is what a read reports. */
  void fail(Throwable cause) {
    synchronized (lock) {
      if (failure == null) {
        failure = cause instanceof IOException io ? io : new IOException(cause);
      }
    }
  }

  IOException failure() {
    synchronized (lock) {
      return failure;
    }
  }

  /**
   * Loop: the channel is gone. The bytes stay readable, but in plain heap copies: a socket the
   * application never closes after its peer left must not hold pooled memory.
   */
  void channelGone() {
    synchronized (lock) {
      inputEnded = true;
      int n = buffers.size();
      for (int i = 0; i < n; i++) {
        ByteBuf b = buffers.poll();
        try {
          byte[] copy = new byte[b.readableBytes()];
          b.readBytes(copy);
          buffers.add(Unpooled.wrappedBuffer(copy));
        } finally {
          b.release();
        }
      }
    }
  }

  /** Any thread: the socket closed locally; drops and releases what is queued. */
  void close() {
    synchronized (lock) {
      closed = true;
      ByteBuf b;
      while ((b = buffers.poll()) != null) {
        b.release();
      }
      bytes = 0;
    }
  }

  /** Readable in the WAIT-1 sense: data, EOF or an error is pending. */
  boolean readable() {
    synchronized (lock) {
      return !buffers.isEmpty() || inputEnded || failure != null;
    }
  }

  /** Task: copies queued bytes into {@code dst}: a count, -1 at EOF, 0 when nothing is pending. */
  int take(ByteBuffer dst) throws IOException {
    int n = 0;
    boolean resume = false;
    synchronized (lock) {
      while (dst.hasRemaining() && !buffers.isEmpty()) {
        ByteBuf b = buffers.peek();
        int k = Math.min(b.readableBytes(), dst.remaining());
        int dstLimit = dst.limit();
        dst.limit(dst.position() + k);
        b.readBytes(dst);
        dst.limit(dstLimit);
        n += k;
        if (!b.isReadable()) {
          buffers.poll();
          b.release();
        }
      }
      if (n == 0) {
        if (failure != null) {
          throw failure;
        }
        return inputEnded ? -1 : 0;
      }
      bytes -= n;
      if (readPaused && !inputEnded && bytes < limit) {
        readPaused = false;
        resume = true;
      }
    }
    if (resume) {
      resumeReading.run();
    }
    return n;
  }
}
