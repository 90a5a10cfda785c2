package dev.weft.backend.loom;

import dev.weft.backend.kit.LevelWaitable;
import dev.weft.backend.kit.ParkedThreads;
import dev.weft.backend.kit.ThreadExit;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A listening socket. An "acceptor pump" virtual thread blocks in {@link
 * ServerSocketChannel#accept} and hands connections to a small bounded queue; tasks take from the
 * queue, so an accept can be cancelled without interrupting a thread blocked in I/O. When the queue
 * is full the pump stops accepting and the kernel backlog holds the rest.
 */
final class LoomListener implements Listener, LevelWaitable {
  private final LoomRuntime runtime;
  private static final long ACCEPTOR_EXIT_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final long id;
  private final ServerSocketChannel channel;
  private final InetSocketAddress local;
  private final int queueCapacity;
  private final ParkedThreads waiters = new ParkedThreads();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ReentrantLock lock = new ReentrantLock();

  /** Cached so that accept does not allocate a method reference per call. */
  private final Supplier<LoomSocket> nextQueued = this::poll;

  // Guarded by lock; size is volatile so readiness checks need no lock.
  private final ArrayDeque<LoomSocket> queue = new ArrayDeque<>();
  private volatile int size;
  private boolean pumpParked;

  private volatile boolean closedLocally;
  private volatile Thread pumpThread;

  LoomListener(LoomRuntime runtime, long id, ServerSocketChannel channel, int queueCapacity)
      throws IOException {
    this.runtime = runtime;
    this.id = id;
    this.channel = channel;
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.queueCapacity = queueCapacity;
  }

  void start() {
    Thread t = runtime.newThread("weft-loom-accept-" + id, this::pump);
    pumpThread = t;
    t.start();
  }

  private void pump() {
    while (!closedLocally) {
      boolean full;
      lock.lock();
      try {
        full = size >= queueCapacity;
        pumpParked = full;
      } finally {
        lock.unlock();
      }
      if (full) {
        LockSupport.park(this);
        continue;
      }
      SocketChannel c;
      try {
        c = channel.accept();
      } catch (IOException e) {
        if (closedLocally || !channel.isOpen()) {
          return;
        }
        // Such as EMFILE: back off instead of spinning, the backlog keeps the peers.
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
        continue;
      }
      LoomSocket s;
      try {
        s = runtime.adopt(c);
      } catch (IOException | RuntimeException e) {
        continue; // the peer left during set-up, or the runtime is closing: nothing to hand out
      }
      boolean queued = false;
      lock.lock();
      try {
        if (!closedLocally) {
          queue.addLast(s);
          size = queue.size();
          queued = true;
        }
      } finally {
        lock.unlock();
      }
      if (queued) {
        waiters.wakeAll();
      } else {
        s.abort();
      }
    }
  }

  private LoomSocket poll() {
    if (size == 0) {
      return null;
    }
    lock.lock();
    try {
      LoomSocket s = queue.pollFirst();
      size = queue.size();
      if (s != null && pumpParked) {
        pumpParked = false;
        LockSupport.unpark(pumpThread);
      }
      return s;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public StreamSocket accept(Context ctx) throws IOException {
    LoomTaskContext task = runtime.own(ctx);
    checkOpen();
    task.throwIfCancelled();
    LoomSocket s = poll();
    if (s != null) {
      return s;
    }
    return task.parker().awaitNext(this, nextQueued);
  }

  @Override
  public boolean isOpen() {
    return !closedLocally;
  }

  /** LISTEN-3: wakes accepters, refuses new peers, and closes connections nobody accepted yet. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closedLocally = true;
    runtime.forget(this);
    try {
      channel.close();
    } catch (IOException ignored) {
      // the descriptor is released either way
    }
    ArrayDeque<LoomSocket> orphans;
    lock.lock();
    try {
      orphans = new ArrayDeque<>(queue);
      queue.clear();
      size = 0;
    } finally {
      lock.unlock();
    }
    orphans.forEach(LoomSocket::abort);
    waiters.wakeAll();
    Thread t = pumpThread;
    if (t != null && t != Thread.currentThread()) {
      LockSupport.unpark(t);
      awaitAcceptorExit(t);
    }
  }

  /**
   * Closing a channel that a virtual thread is blocked on only wakes that thread; the descriptor is
   * released when the thread leaves accept. Until then the kernel still completes handshakes on the
   * port, so close waits (briefly) for the acceptor to be gone: LISTEN-3 and SHUT-4 want new
   * connections refused once close returns.
   */
  private static void awaitAcceptorExit(Thread t) {
    ThreadExit.await(t, ACCEPTOR_EXIT_NANOS);
  }

  @Override
  public LoomRuntime owner() {
    return runtime;
  }

  @Override
  public void checkOpen() throws SocketClosedException {
    if (closedLocally) {
      throw new SocketClosedException("listener " + local + " is closed");
    }
  }

  @Override
  public boolean takeReady(Thread me) {
    return size > 0;
  }

  @Override
  public void addWaiter(Thread me) {
    waiters.add(me);
  }

  @Override
  public void removeWaiter(Thread me) {
    waiters.remove(me);
  }

  @Override
  public String toString() {
    return "LoomListener[" + local + (closedLocally ? ", closed" : "") + "]";
  }
}
