package dev.weft.backend.loom;

import dev.weft.spi.SocketClosedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The send side of a socket: {@link #write} copies the caller's bytes into a bounded queue of
 * chunks and wakes the "writer pump" virtual thread once; the pump drains everything queued with
 * one gathering {@link SocketChannel#write} at a time. Many small writes therefore cost one system
 * call, and a task never blocks in the channel, so it can be cancelled without interrupt.
 *
 * <p>The queue holds at most {@code limit} bytes (WRITE-2). A writer that finds it full parks until
 * the pump has drained it to half, so a peer that does not read blocks the writer.
 */
final class LoomSendPump {
  private static final int MIN_CHUNK = 2 * 1024;
  private static final int MAX_CHUNK = 64 * 1024;

  private final LoomSocket socket;
  private final SocketChannel channel;
  private final long limit;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
  private long queued;
  private boolean pumpParked;
  private Thread spaceWaiter;
  private boolean shutdownRequested;
  private IOException failure;

  private volatile Thread pumpThread;

  LoomSendPump(LoomSocket socket, SocketChannel channel, long limit) {
    this.socket = socket;
    this.channel = channel;
    this.limit = limit;
  }

  void pumpThread(Thread t) {
    this.pumpThread = t;
  }

  Thread pumpThread() {
    return pumpThread;
  }

  /** Queues every remaining byte of {@code srcs}; the caller holds the socket's write slot. */
  long write(LoomTaskContext task, ByteBuffer[] srcs) throws IOException {
    long total = 0;
    for (ByteBuffer b : srcs) {
      total += b.remaining();
    }
    Thread me = Thread.currentThread();
    int i = 0;
    while (true) {
      while (i < srcs.length && !srcs[i].hasRemaining()) {
        i++;
      }
      if (i == srcs.length) {
        return total;
      }
      // A cancel that lands while this write is under way surfaces here, even if the pump has
      // made room meanwhile (CANCEL-2); bytes already queued stay queued.
      task.throwIfCancelled();
      lock.lock();
      try {
        socket.checkOpen();
        if (failure != null) {
          throw new IOException(failure.getMessage(), failure);
        }
        if (shutdownRequested) {
          throw new IOException("output was shut down");
        }
        long space = limit - queued;
        if (space > 0) {
          queued += copyIn(srcs, i, space);
          if (pumpParked) {
            pumpParked = false;
            LockSupport.unpark(pumpThread);
          }
          continue;
        }
        spaceWaiter = me;
      } finally {
        lock.unlock();
      }
      try {
        // Checked after publishing spaceWaiter, so a close or cancel racing us still unparks.
        task.throwIfCancelled();
        socket.checkOpen();
        task.parker().park(this);
      } finally {
        task.parker().restoreInterrupt();
        lock.lock();
        try {
          if (spaceWaiter == me) {
            spaceWaiter = null;
          }
        } finally {
          lock.unlock();
        }
      }
    }
  }

  private long copyIn(ByteBuffer[] srcs, int from, long space) {
    long copied = 0;
    int i = from;
    while (space > 0 && i < srcs.length) {
      ByteBuffer src = srcs[i];
      if (!src.hasRemaining()) {
        i++;
        continue;
      }
      ByteBuffer chunk = chunks.peekLast();
      if (chunk == null || !chunk.hasRemaining()) {
        long want = Math.min(space, src.remaining());
        chunk = ByteBuffer.allocate((int) Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, want)));
        chunks.addLast(chunk);
      }
      int n = (int) Math.min(Math.min(src.remaining(), chunk.remaining()), space);
      if (n == src.remaining()) {
        chunk.put(src);
      } else {
        int lim = src.limit();
        src.limit(src.position() + n);
        chunk.put(src);
        src.limit(lim);
      }
      space -= n;
      copied += n;
    }
    return copied;
  }

  /** HALF-1: the pump half-closes once everything queued so far is written. */
  void shutdownOutput() throws SocketClosedException {
    lock.lock();
    try {
      socket.checkOpen();
      if (!shutdownRequested) {
        shutdownRequested = true;
        wakePumpLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * True while bytes are queued that the kernel has not taken and no write error ended the pump.
   */
  boolean hasPending() {
    lock.lock();
    try {
      return queued > 0 && failure == null;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes the pump and a writer waiting for space, so they notice a close. */
  void wakeAll() {
    lock.lock();
    try {
      wakePumpLocked();
      if (spaceWaiter != null) {
        LockSupport.unpark(spaceWaiter);
      }
    } finally {
      lock.unlock();
    }
  }

  private void wakePumpLocked() {
    if (pumpParked) {
      pumpParked = false;
      LockSupport.unpark(pumpThread);
    }
  }

  /** Body of the writer pump thread. */
  void pump() {
    ByteBuffer[] batch = new ByteBuffer[16];
    try {
      while (true) {
        int count = 0;
        boolean halfClose = false;
        lock.lock();
        try {
          pumpParked = false;
          if (chunks.isEmpty()) {
            if (failure != null || socket.isClosedLocally()) {
              return;
            }
            if (shutdownRequested) {
              halfClose = true;
            } else {
              pumpParked = true;
            }
          } else {
            if (batch.length < chunks.size()) {
              batch = Arrays.copyOf(batch, Math.max(chunks.size(), batch.length * 2));
            }
            ByteBuffer c;
            while ((c = chunks.pollFirst()) != null) {
              batch[count++] = c.flip();
            }
          }
        } finally {
          lock.unlock();
        }
        if (halfClose) {
          channel.shutdownOutput();
          return;
        }
        if (count == 0) {
          LockSupport.park(this);
          continue;
        }
        writeBatch(batch, count);
      }
    } catch (IOException e) {
      lock.lock();
      try {
        failure = e;
        chunks.clear();
        queued = 0;
        if (spaceWaiter != null) {
          LockSupport.unpark(spaceWaiter);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private void writeBatch(ByteBuffer[] batch, int count) throws IOException {
    int off = 0;
    while (off < count) {
      long n = channel.write(batch, off, count - off);
      while (off < count && !batch[off].hasRemaining()) {
        batch[off++] = null;
      }
      lock.lock();
      try {
        queued -= n;
        if (spaceWaiter != null && queued <= limit / 2) {
          LockSupport.unpark(spaceWaiter);
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
