package dev.weft.backend.loom;

import dev.weft.backend.kit.ParkedThreads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * The receive side of a socket: a "reader pump" virtual thread blocks in {@link SocketChannel#read}
 * and fills a bounded ring; tasks take from the ring and never touch the channel. That is what lets
 * a task's read be cancelled or timed out without interrupting a thread blocked in I/O (which would
 * close the channel). A full ring stops the pump, so the kernel buffer fills and TCP flow control
 * pushes back on the peer.
 *
 * <p>The ring is single-producer (the pump) and single-consumer (the one reader READ-3 allows):
 * {@code tail} is written only by the pump, {@code head} only by the reader, both volatile.
 */
final class LoomReceivePump {
  private final LoomSocket socket;
  private final SocketChannel channel;
  private final int capacity;
  private final ByteBuffer pumpView;
  private final ByteBuffer readView;
  private final ParkedThreads waiters = new ParkedThreads();

  private volatile long head;
  private volatile long tail;
  private volatile boolean eof;
  private volatile IOException failure;
  private volatile boolean pumpParked;
  private volatile Thread pumpThread;

  LoomReceivePump(LoomSocket socket, SocketChannel channel, int capacity) {
    this.socket = socket;
    this.channel = channel;
    this.capacity = capacity;
    ByteBuffer ring = ByteBuffer.allocateDirect(capacity);
    this.pumpView = ring.duplicate();
    this.readView = ring.duplicate();
  }

  ParkedThreads waiters() {
    return waiters;
  }

  void pumpThread(Thread t) {
    this.pumpThread = t;
  }

  /** Unparks the pump so it notices a close. */
  void wakePump() {
    Thread t = pumpThread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Body of the reader pump thread. */
  void pump() {
    try {
      while (!socket.isClosedLocally()) {
        long t = tail;
        long free = capacity - (t - head);
        if (free == 0) {
          pumpParked = true;
          // Re-check after publishing pumpParked: a reader that freed space before it saw
          // the flag is visible here, one that frees space after will unpark us.
          if (capacity - (t - head) == 0 && !socket.isClosedLocally()) {
            LockSupport.park(this);
          }
          pumpParked = false;
          continue;
        }
        int pos = (int) (t % capacity);
        int len = (int) Math.min(free, capacity - pos);
        pumpView.clear().position(pos).limit(pos + len);
        int n = channel.read(pumpView);
        if (n < 0) {
          eof = true;
          waiters.wakeAll();
          return;
        }
        tail = t + n;
        waiters.wakeAll();
      }
    } catch (IOException e) {
      if (!socket.isClosedLocally()) {
        failure = e;
        waiters.wakeAll();
      }
    }
  }

  /** Readable in the WAIT-1 sense: data, EOF or an error is pending. */
  boolean readable() {
    return tail != head || eof || failure != null;
  }

  /**
   * Moves what has arrived into {@code dst} (READ-2) without waiting.
   *
   * @return bytes moved, -1 at EOF, 0 when nothing is pending
   */
  int take(ByteBuffer dst) throws IOException {
    // Read eof before tail: the pump publishes tail first, so seeing eof means tail is final.
    boolean atEof = eof;
    IOException err = failure;
    long h = head;
    long avail = tail - h;
    if (avail > 0) {
      int want = (int) Math.min(avail, dst.remaining());
      int pos = (int) (h % capacity);
      int first = Math.min(want, capacity - pos);
      readView.clear().position(pos).limit(pos + first);
      dst.put(readView);
      if (want > first) {
        readView.clear().limit(want - first);
        dst.put(readView);
      }
      head = h + want;
      if (pumpParked) {
        wakePump();
      }
      return want;
    }
    if (err != null) {
      throw new IOException(err.getMessage(), err);
    }
    return atEof ? -1 : 0;
  }
}
