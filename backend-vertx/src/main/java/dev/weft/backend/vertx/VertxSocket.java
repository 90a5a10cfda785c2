package dev.weft.backend.vertx;

import dev.weft.spi.Context;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connected NetSocket seen as a {@link StreamSocket}.
 *
 * <p>Reads: the NetSocket stays paused until a task owns the socket; then its handler (on the event
 * loop) appends Buffers to an inbound queue and pauses the NetSocket again once the queue holds
 * {@code readBufferBytes}, so a slow reader turns into TCP backpressure. The reading task takes
 * bytes straight from the queue and fetches more when it drains below the bound; it parks only when
 * the queue is empty. Readiness is level-triggered from the queue, the end handler (EOF) and the
 * exception handler.
 *
 * <p>Writes: each call merges its buffers into one array and queues it; the first call queued while
 * no drain is pending schedules one {@code runOnContext} task, which writes everything queued by
 * then as one Vert.x Buffer (one hand-off and one flush per batch of calls). The task counts the
 * bytes it handed off until the NetSocket's write future says the kernel took them, and parks while
 * more than {@code WRITE_BUFFER_BYTES} are outstanding. The NetSocket's own write queue has the
 * same size, and its drain handler also wakes the writer.
 */
final class VertxSocket implements StreamSocket, VertxWaitable {
  private final VertxRuntime runtime;
  private final NetSocket socket;
  private final Channel channel;
  private final io.vertx.core.Context vertxContext;
  private final VertxListener origin;
  private final InetSocketAddress localAddress;
  private final InetSocketAddress remoteAddress;
  private final int readBound;
  private final int writeBound;
  private final AtomicBoolean reading = new AtomicBoolean();
  private final AtomicBoolean writing = new AtomicBoolean();
  private final WaitSource writable = new WritableSource();

  private static final Waiter.Ticket[] NO_TICKETS = new Waiter.Ticket[0];

  // Write calls waiting for the loop; drainOnLoop takes them all at once.
  private final ConcurrentLinkedQueue<byte[]> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();

  private final Object lock = new Object();
  // Guarded by lock.
  private final ArrayDeque<Buffer> inbound = new ArrayDeque<>();
  private int headOffset;
  private long queuedBytes;
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
  private final List<Waiter.Ticket> readTickets = new ArrayList<>(2);
  private final List<Waiter.Ticket> writeTickets = new ArrayList<>(1);

  /** Event loop only: the last write handed to the NetSocket, so shutdownOutput can follow it. */
  private Future<Void> lastWrite;

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
    // Vert.x 5 has no half-close API: the channel is reached through its internal (exported) API.
    ChannelHandlerContext handler = ((NetSocketInternal) socket).channelHandlerContext();
    Channel channel = handler.channel();
    channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    channel.pipeline().addBefore(handler.name(), InputShutdownRelay.NAME, new InputShutdownRelay());
    VertxSocket s = new VertxSocket(runtime, socket, channel, vertxContext, origin);
    socket.setWriteQueueMaxSize(s.writeBound);
    socket.handler(s::onData);
    socket.endHandler(v -> s.onEnd());
    socket.exceptionHandler(s::onError);
    socket.closeHandler(v -> s.onClosed());
    socket.drainHandler(v -> s.wakeWriters());
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

  // ---- event loop side -------------------------------------------------------------------

  private void onData(Buffer data) {
    if (data.length() == 0) {
      onEnd();
      return;
    }
    Waiter.Ticket[] wake;
    synchronized (lock) {
      if (closedLocally) {
        return;
      }
      inbound.add(data);
      queuedBytes += data.length();
      if (fetching && queuedBytes >= readBound) {
        fetching = false;
        socket.pause();
      }
      wake = due(readTickets);
    }
    wake(wake);
  }

  private void onEnd() {
    Waiter.Ticket[] wake;
    synchronized (lock) {
      eof = true;
      wake = due(readTickets);
    }
    wake(wake);
  }

  private void onError(Throwable error) {
    Waiter.Ticket[] readers;
    Waiter.Ticket[] writers;
    synchronized (lock) {
      if (readError == null) {
        readError = error;
      }
      readers = due(readTickets);
      writers = due(writeTickets);
    }
    wake(readers);
    wake(writers);
  }

  private void onClosed() {
    boolean releaseListener;
    Waiter.Ticket[] readers;
    Waiter.Ticket[] writers;
    synchronized (lock) {
      channelClosed = true;
      releaseListener = accepted && origin != null;
      writers = due(writeTickets);
      readers = due(readTickets);
    }
    wake(writers);
    wake(readers);
    if (releaseListener) {
      origin.acceptedSocketGone();
    }
    // Still tracked: a socket the peer closed stays open here until closed locally or at shutdown
    // (SHUT-4).
  }

  private void wakeWriters() {
    Waiter.Ticket[] writers;
    synchronized (lock) {
      writers = due(writeTickets);
    }
    wake(writers);
  }

  /**
   * Holds lock: the tickets to wake once it is released. Waking under the lock made the woken task,
   * already running on another carrier, block on this lock at once and need a second wake-up:
   * Vert.x ping-pong p50 went from 137-173 µs to 102-147 µs when the wake moved out.
   */
  private static Waiter.Ticket[] due(List<Waiter.Ticket> tickets) {
    return tickets.isEmpty() ? NO_TICKETS : tickets.toArray(NO_TICKETS);
  }

  private static void wake(Waiter.Ticket[] tickets) {
    for (Waiter.Ticket t : tickets) {
      t.wake();
    }
  }

  /** Holds lock. */
  private void resumeIfRoom() {
    if (owned && !fetching && !closedLocally && queuedBytes < readBound) {
      fetching = true;
      socket.fetch(Long.MAX_VALUE);
    }
  }

  // ---- reads -------------------------------------------------------------------------------

  @Override
  public int read(Context ctx, ByteBuffer dst) throws IOException {
    TaskContext task = runtime.own(ctx);
    Objects.requireNonNull(dst, "dst");
    if (!reading.compareAndSet(false, true)) {
      throw new IllegalStateException("another task is already reading this socket (READ-3)");
    }
    try {
      while (true) {
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
          int n = drainInto(dst);
          if (n > 0) {
            resumeIfRoom();
            return n;
          }
          if (readError != null) {
            throw asIOException(readError);
          }
          if (eof) {
            return -1;
          }
        }
        if (task.block(this, null, -1) == Waiter.CANCELLED) {
          throw task.cancelled();
        }
      }
    } finally {
      reading.set(false);
    }
  }

  /** Holds lock. */
  private int drainInto(ByteBuffer dst) {
    int total = 0;
    while (dst.hasRemaining() && !inbound.isEmpty()) {
      Buffer head = inbound.peekFirst();
      int available = head.length() - headOffset;
      int n = Math.min(available, dst.remaining());
      if (dst.hasArray()) {
        head.getBytes(headOffset, headOffset + n, dst.array(), dst.arrayOffset() + dst.position());
        dst.position(dst.position() + n);
      } else {
        dst.put(head.getBytes(headOffset, headOffset + n));
      }
      total += n;
      headOffset += n;
      if (headOffset == head.length()) {
        inbound.pollFirst();
        headOffset = 0;
      }
    }
    queuedBytes -= total;
    return total;
  }

  @Override
  public VertxRuntime runtime() {
    return runtime;
  }

  @Override
  public boolean pollReady(TaskContext waiter) throws SocketClosedException {
    synchronized (lock) {
      if (closedLocally) {
        throw closedException();
      }
      return !inbound.isEmpty() || eof || readError != null;
    }
  }

  @Override
  public boolean register(Waiter.Ticket ticket) {
    synchronized (lock) {
      if (closedLocally || !inbound.isEmpty() || eof || readError != null) {
        return true;
      }
      readTickets.add(ticket);
      return false;
    }
  }

  @Override
  public void unregister(Waiter.Ticket ticket) {
    synchronized (lock) {
      readTickets.remove(ticket);
    }
  }

  // ---- writes ------------------------------------------------------------------------------

  @Override
  public long write(Context ctx, ByteBuffer... srcs) throws IOException {
    TaskContext task = runtime.own(ctx);
    Objects.requireNonNull(srcs, "srcs");
    long total = 0;
    for (ByteBuffer b : srcs) {
      total += Objects.requireNonNull(b, "srcs element").remaining();
    }
    if (!writing.compareAndSet(false, true)) {
      throw new IllegalStateException("another task is already writing this socket (READ-3)");
    }
    try {
      while (true) {
        synchronized (lock) {
          failIfNotWritable();
        }
        task.throwIfCancelled();
        synchronized (lock) {
          failIfNotWritable();
          if (unflushedBytes <= writeBound) {
            break;
          }
        }
        if (task.block(writable, null, -1) == Waiter.CANCELLED) {
          throw task.cancelled();
        }
      }
      if (total == 0) {
        return 0;
      }
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
      synchronized (lock) {
        unflushedBytes += merged.length;
      }
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
      return total;
    } finally {
      writing.set(false);
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
      throw asIOException(writeError);
    }
    if (readError != null) {
      throw asIOException(readError);
    }
    if (channelClosed) {
      throw new SocketException("connection closed by the peer");
    }
  }

  /**
   * Event loop: writes every call queued since the last drain as one Buffer, so a task whose write
   * calls outpace the loop costs one hand-off and one flush per batch. The flag is cleared first,
   * so a call queued after the last poll schedules a new drain instead of being missed.
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
    Waiter.Ticket[] writers;
    synchronized (lock) {
      unflushedBytes -= bytes;
      writers = due(writeTickets);
    }
    wake(writers);
  }

  private void writeOnLoop(io.netty.buffer.ByteBuf data, long bytes) {
    boolean drop;
    Waiter.Ticket[] writers = NO_TICKETS;
    synchronized (lock) {
      // A local close queued behind this hand-off still lets Vert.x flush it (close flushes
      // first); only a channel that is already gone drops it.
      drop = channelClosed;
      if (drop) {
        unflushedBytes -= bytes;
        writers = due(writeTickets);
      }
    }
    if (drop) {
      data.release();
      wake(writers);
      return;
    }
    Future<Void> written = socket.write(BufferInternal.buffer(data));
    lastWrite = written;
    written.onComplete(
        ar -> {
          Waiter.Ticket[] waiting = NO_TICKETS;
          synchronized (lock) {
            unflushedBytes -= bytes;
            if (ar.failed() && writeError == null && !closedLocally) {
              writeError = ar.cause();
            }
            if (unflushedBytes <= writeBound || ar.failed()) {
              waiting = due(writeTickets);
            }
          }
          wake(waiting);
        });
  }

  private final class WritableSource implements WaitSource {
    @Override
    public boolean register(Waiter.Ticket ticket) {
      synchronized (lock) {
        if (closedLocally
            || channelClosed
            || writeError != null
            || readError != null
            || unflushedBytes <= writeBound) {
          return true;
        }
        writeTickets.add(ticket);
        return false;
      }
    }

    @Override
    public void unregister(Waiter.Ticket ticket) {
      synchronized (lock) {
        writeTickets.remove(ticket);
      }
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
    try {
      // Queued behind every write hand-off already made, and then behind the last write's
      // flush: Netty's shutdownOutput fails writes still in its outbound buffer.
      vertxContext.runOnContext(
          v -> {
            drainOnLoop();
            Future<Void> last = lastWrite;
            if (last == null || last.isComplete()) {
              shutdownOutputNow();
            } else {
              last.onComplete(ar -> shutdownOutputNow());
            }
          });
    } catch (RejectedExecutionException e) {
      throw new SocketException("the Vert.x event loop of this socket is gone: " + e);
    }
  }

  private void shutdownOutputNow() {
    if (channel instanceof DuplexChannel duplex && channel.isActive()) {
      duplex.shutdownOutput();
    }
  }

  // ---- lifecycle and the rest --------------------------------------------------------------

  @Override
  public void close() {
    Waiter.Ticket[] readers;
    Waiter.Ticket[] writers;
    synchronized (lock) {
      if (closedLocally) {
        return;
      }
      closedLocally = true;
      inbound.clear();
      queuedBytes = 0;
      readers = due(readTickets);
      writers = due(writeTickets);
    }
    wake(readers);
    wake(writers);
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
    Objects.requireNonNull(option, "option");
    ChannelOption<T> mapped = SocketOptionMapping.of(option);
    checkOpen();
    try {
      T value = channel.config().getOption(mapped);
      if (value == null) {
        throw new UnsupportedOperationException(
            "socket option " + option + " is not available on this transport");
      }
      return SocketOptionMapping.asJdkReports(option, value, channel);
    } catch (ChannelException e) {
      throw optionFailure(option, e);
    }
  }

  @Override
  public <T> void setOption(SocketOption<T> option, T value) throws IOException {
    Objects.requireNonNull(option, "option");
    ChannelOption<T> mapped = SocketOptionMapping.of(option);
    checkOpen();
    try {
      if (!channel.config().setOption(mapped, value)) {
        throw new UnsupportedOperationException(
            "socket option " + option + " is not available on this transport");
      }
    } catch (ChannelException e) {
      throw optionFailure(option, e);
    }
  }

  private void checkOpen() throws SocketClosedException {
    synchronized (lock) {
      if (closedLocally) {
        throw closedException();
      }
    }
  }

  private IOException optionFailure(SocketOption<?> option, ChannelException e) {
    if (!isOpen()) {
      return closedException();
    }
    return new SocketException(
        "socket option " + option + ": " + (e.getCause() != null ? e.getCause() : e));
  }

  private static SocketClosedException closedException() {
    return new SocketClosedException("socket is closed");
  }

  private static IOException asIOException(Throwable t) {
    if (t instanceof IOException io) {
      SocketException copy = new SocketException(io.getMessage());
      copy.initCause(io);
      return copy;
    }
    SocketException wrapped = new SocketException(String.valueOf(t));
    wrapped.initCause(t);
    return wrapped;
  }

  @Override
  public String toString() {
    return "VertxSocket[" + localAddress + " -> " + remoteAddress + "]";
  }
}
