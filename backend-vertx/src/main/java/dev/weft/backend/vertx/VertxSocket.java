package dev.weft.backend.vertx;

import dev.weft.backend.kit.ExclusiveUse;
import dev.weft.backend.kit.LevelWaitable;
import dev.weft.backend.kit.ParkedThreads;
import dev.weft.backend.nettykit.SocketOptionMapping;
import dev.weft.spi.Context;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * A connected NetSocket seen as a {@link StreamSocket}.
 *
 * <p>Reads: the NetSocket stays paused until a task owns the socket; then its handler (on the event
 * loop) appends Buffers to a {@link VertxInboundQueue} and pauses the NetSocket again once it holds
 * {@code readBufferBytes}, so a slow reader turns into TCP backpressure. The reading task takes
 * bytes straight from the queue and fetches more when it drains below the bound; it parks only when
 * the queue is empty. Readiness is level-triggered from the queue, the end handler (EOF) and the
 * exception handler.
 *
 * <p>Writes: each call merges its buffers into one array and queues it on a {@link
 * VertxWriteBatch}, which hands the calls to the loop in batches. The task counts the bytes it
 * handed off until the NetSocket's write future says the kernel took them, and parks while more
 * than {@code WRITE_BUFFER_BYTES} are outstanding. The NetSocket's own write queue has the same
 * size, and its drain handler also wakes the writer.
 */
final class VertxSocket implements StreamSocket, LevelWaitable {
  private final VertxRuntime runtime;
  private final NetSocket socket;
  private final Channel channel;
  private final io.vertx.core.Context vertxContext;
  private final VertxListener origin;
  private final InetSocketAddress localAddress;
  private final InetSocketAddress remoteAddress;
  private final int readBound;
  private final int writeBound;
  private final ExclusiveUse reading =
      new ExclusiveUse("another task is already reading this socket (READ-3)");
  private final ExclusiveUse writing =
      new ExclusiveUse("another task is already writing this socket (READ-3)");
  // Woken after the lock is released: waking under it made the woken task, already running on
  // another carrier, block on the lock at once and need a second wake-up (what that cost: see
  // docs/benchmarks.md, "Figures behind design comments").
  private final ParkedThreads readers = new ParkedThreads();
  private final ParkedThreads writers = new ParkedThreads();

  private final VertxWriteBatch batch;

  private final Object lock = new Object();
  // Guarded by lock.
  private final VertxInboundQueue inbound = new VertxInboundQueue();
  private boolean owned;
  private boolean fetching;
  private boolean eof;
  private Throwable readError;
  private Throwable writeError;
  private boolean channelClosed;
  private boolean closedLocally;
  private boolean outputShutdown;
  private boolean accepted;
  private long unflushedBytes;

  private volatile Future<Void> closeFuture;

  private VertxSocket(
      VertxRuntime runtime,
      NetSocket socket,
      Channel channel,
      io.vertx.core.Context vertxContext,
      VertxListener origin) {
    this.runtime = runtime;
    this.socket = socket;
    this.channel = channel;
    this.vertxContext = vertxContext;
    this.origin = origin;
    this.localAddress = (InetSocketAddress) channel.localAddress();
    this.remoteAddress = (InetSocketAddress) channel.remoteAddress();
    this.readBound = runtime.settings().readBufferBytes();
    this.writeBound = runtime.settings().writeBufferBytes();
    this.batch = new VertxWriteBatch(this, socket, vertxContext);
  }

  /**
   * Event loop only, as soon as Vert.x hands over the NetSocket and before its first read: pauses
   * it, enables half-close, and installs the handlers.
   */
  static VertxSocket attach(
      VertxRuntime runtime,
      NetSocket socket,
      io.vertx.core.Context vertxContext,
      VertxListener origin) {
    socket.pause();
    Channel channel = InputShutdownRelay.install(socket);
    VertxSocket s = new VertxSocket(runtime, socket, channel, vertxContext, origin);
    socket.setWriteQueueMaxSize(s.writeBound);
    socket.handler(s::onData);
    socket.endHandler(v -> s.onEnd());
    socket.exceptionHandler(s::onError);
    socket.closeHandler(v -> s.onClosed());
    socket.drainHandler(v -> s.writers.wakeAll());
    return s;
  }

  /** A task owns the socket now: start fetching from the kernel. */
  void takeOwnership(boolean viaAccept) {
    boolean alreadyGone;
    synchronized (lock) {
      owned = true;
      accepted = viaAccept;
      // Exactly one of this and onClosed sees both flags, so the listener counts each socket once.
      alreadyGone = channelClosed && viaAccept && origin != null;
      resumeIfRoom();
    }
    if (alreadyGone) {
      origin.acceptedSocketGone();
    }
  }

  Channel channel() {
    return channel;
  }

  private void onData(Buffer data) {
    if (data.length() == 0) {
      onEnd();
      return;
    }
    synchronized (lock) {
      if (closedLocally) {
        return;
      }
      inbound.add(data);
      if (fetching && inbound.bytes() >= readBound) {
        fetching = false;
        socket.pause();
      }
    }
    readers.wakeAll();
  }

  private void onEnd() {
    synchronized (lock) {
      eof = true;
    }
    readers.wakeAll();
  }

  private void onError(Throwable error) {
    synchronized (lock) {
      if (readError == null) {
        readError = error;
      }
    }
    readers.wakeAll();
    writers.wakeAll();
  }

  private void onClosed() {
    boolean releaseListener;
    synchronized (lock) {
      channelClosed = true;
      releaseListener = accepted && origin != null;
    }
    writers.wakeAll();
    readers.wakeAll();
    if (releaseListener) {
      origin.acceptedSocketGone();
    }
    // Still tracked: a socket the peer closed stays open here until closed locally or at shutdown
    // (SHUT-4).
  }

  /** Holds lock. */
  private void resumeIfRoom() {
    if (owned && !fetching && !closedLocally && inbound.bytes() < readBound) {
      fetching = true;
      socket.fetch(Long.MAX_VALUE);
    }
  }

  @Override
  public int read(Context ctx, ByteBuffer dst) throws IOException {
    VertxTaskContext task = runtime.own(ctx);
    Objects.requireNonNull(dst, "dst");
    reading.enter();
    try {
      // Registered as a waiter only when the queue is empty: a read that finds bytes allocates
      // nothing.
      int n = readNow(task, dst);
      if (n != NOTHING_YET) {
        return n;
      }
      Thread me = Thread.currentThread();
      readers.add(me);
      try {
        while ((n = readNow(task, dst)) == NOTHING_YET) {
          task.parker().park(this);
        }
        return n;
      } finally {
        readers.remove(me);
        task.parker().restoreInterrupt();
      }
    } finally {
      reading.exit();
    }
  }

  /** What {@link #readNow} returns when there is nothing to read yet. */
  private static final int NOTHING_YET = -2;

  /** One non-blocking read attempt: a count, -1 at EOF, or {@link #NOTHING_YET}. */
  private int readNow(VertxTaskContext task, ByteBuffer dst) throws IOException {
    synchronized (lock) {
      if (closedLocally) {
        throw closedException();
      }
      if (!dst.hasRemaining()) {
        return 0;
      }
    }
    task.throwIfCancelled();
    synchronized (lock) {
      if (closedLocally) {
        throw closedException();
      }
      int n = inbound.drainInto(dst);
      if (n > 0) {
        resumeIfRoom();
        return n;
      }
      if (readError != null) {
        throw VertxFailures.io(readError);
      }
      return eof ? -1 : NOTHING_YET;
    }
  }

  @Override
  public VertxRuntime owner() {
    return runtime;
  }

  @Override
  public boolean takeReady(Thread me) {
    synchronized (lock) {
      return !inbound.isEmpty() || eof || readError != null;
    }
  }

  @Override
  public void addWaiter(Thread me) {
    readers.add(me);
  }

  @Override
  public void removeWaiter(Thread me) {
    readers.remove(me);
  }

  @Override
  public long write(Context ctx, ByteBuffer... srcs) throws IOException {
    VertxTaskContext task = runtime.own(ctx);
    Objects.requireNonNull(srcs, "srcs");
    long total = 0;
    for (ByteBuffer b : srcs) {
      total += Objects.requireNonNull(b, "srcs element").remaining();
    }
    writing.enter();
    try {
      awaitWritable(task);
      if (total == 0) {
        return 0;
      }
      byte[] merged = VertxWriteBatch.merge(srcs, total);
      synchronized (lock) {
        unflushedBytes += merged.length;
      }
      batch.add(merged);
      return total;
    } finally {
      writing.exit();
    }
  }

  /** Parks until the bytes handed off but not yet flushed are within the bound (WRITE-2). */
  private void awaitWritable(VertxTaskContext task) throws IOException {
    // Registered as a waiter only when above the bound: a write with room allocates no waiter.
    if (writableNow(task)) {
      return;
    }
    Thread me = Thread.currentThread();
    writers.add(me);
    try {
      while (!writableNow(task)) {
        task.parker().park(writers);
      }
    } finally {
      writers.remove(me);
      task.parker().restoreInterrupt();
    }
  }

  private boolean writableNow(VertxTaskContext task) throws IOException {
    synchronized (lock) {
      failIfNotWritable();
    }
    task.throwIfCancelled();
    synchronized (lock) {
      failIfNotWritable();
      return unflushedBytes <= writeBound;
    }
  }

  /** Holds lock. */
  private void failIfNotWritable() throws IOException {
    if (closedLocally) {
      throw closedException();
    }
    if (outputShutdown) {
      throw new SocketException("output of this socket was shut down");
    }
    if (writeError != null) {
      throw VertxFailures.io(writeError);
    }
    if (readError != null) {
      throw VertxFailures.io(readError);
    }
    if (channelClosed) {
      throw new SocketException("connection closed by the peer");
    }
  }

  /** Loop or task: {@code bytes} queued for the loop were dropped with the loop. */
  void writesDropped(long bytes) {
    synchronized (lock) {
      unflushedBytes -= bytes;
    }
    writers.wakeAll();
  }

  /**
   * Event loop: true when the channel is already gone, so a hand-off of {@code bytes} is dropped. A
   * local close queued behind this hand-off still lets Vert.x flush it (close flushes first).
   */
  boolean dropIfChannelGone(long bytes) {
    synchronized (lock) {
      if (!channelClosed) {
        return false;
      }
      unflushedBytes -= bytes;
    }
    writers.wakeAll();
    return true;
  }

  /** Event loop: the NetSocket's write of {@code bytes} completed, failed when {@code error}. */
  void writeCompleted(long bytes, Throwable error) {
    boolean wake;
    synchronized (lock) {
      unflushedBytes -= bytes;
      if (error != null && writeError == null && !closedLocally) {
        writeError = error;
      }
      wake = unflushedBytes <= writeBound || error != null;
    }
    if (wake) {
      writers.wakeAll();
    }
  }

  @Override
  public void shutdownOutput() throws IOException {
    synchronized (lock) {
      if (closedLocally) {
        throw closedException();
      }
      if (outputShutdown) {
        return;
      }
      outputShutdown = true;
    }
    batch.shutdownOutputAfterWrites(channel);
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closedLocally) {
        return;
      }
      closedLocally = true;
      inbound.clear();
    }
    readers.wakeAll();
    writers.wakeAll();
    try {
      closeFuture = socket.close();
    } catch (RejectedExecutionException e) {
      // The event loops are already gone, and the channel with them.
    }
    runtime.forget(this);
  }

  /** The close in progress, or null if {@link #close()} was not called or had nothing to do. */
  Future<Void> closeFuture() {
    return closeFuture;
  }

  @Override
  public boolean isOpen() {
    synchronized (lock) {
      return !closedLocally;
    }
  }

  @Override
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public <T> T getOption(SocketOption<T> option) throws IOException {
    SocketOptionMapping.of(Objects.requireNonNull(option, "option"));
    checkOpen();
    try {
      T value = SocketOptionMapping.get(channel, option);
      if (value == null) {
        throw new UnsupportedOperationException(
            "socket option " + option + " is not available on this transport");
      }
      return value;
    } catch (ChannelException e) {
      throw isOpen() ? VertxFailures.option(option, e) : closedException();
    }
  }

  @Override
  public <T> void setOption(SocketOption<T> option, T value) throws IOException {
    SocketOptionMapping.of(Objects.requireNonNull(option, "option"));
    checkOpen();
    try {
      if (!SocketOptionMapping.set(channel, option, value)) {
        throw new UnsupportedOperationException(
            "socket option " + option + " is not available on this transport");
      }
    } catch (ChannelException e) {
      throw isOpen() ? VertxFailures.option(option, e) : closedException();
    }
  }

  @Override
  public void checkOpen() throws SocketClosedException {
    synchronized (lock) {
      if (closedLocally) {
        throw closedException();
      }
    }
  }

  private static SocketClosedException closedException() {
    return new SocketClosedException("socket is closed");
  }

  @Override
  public String toString() {
    return "VertxSocket[" + localAddress + " -> " + remoteAddress + "]";
  }
}
