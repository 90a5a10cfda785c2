package dev.weft.backend.netty;

import dev.weft.spi.Context;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A connected channel seen as a blocking socket by virtual-thread tasks.
 *
 * <p>Inbound: autoRead is off. The event loop reads while the socket holds fewer than {@code
 * weft.netty.inboundQueueBytes} unread bytes and pauses above that; the reading task copies out of
 * the queued pooled buffers, releases each one as it empties it, and asks the loop to read again
 * once the queue is below the bound. Readiness (data, EOF, error) is the state of that queue, so it
 * is level-triggered.
 *
 * <p>Outbound: each write call copies the caller's buffers into one pooled buffer (per chunk of
 * {@link #WRITE_CHUNK} bytes) and queues it. Writes are coalesced across calls: the first buffer
 * queued while no drain is pending schedules one loop task, which writes everything queued by the
 * time it runs and flushes once. A task that writes faster than the loop drains therefore costs one
 * hand-off and one flush per batch, not per call. Before each chunk the task waits while the bytes
 * queued here plus those in the channel reach its high water mark, {@code weft.writeBufferBytes}
 * (WRITE-2).
 */
final class NettySocket implements StreamSocket, NettyWaitable {
  /**
   * The largest buffer one write hands to the loop; bigger calls are cut and wait on writability
   * between cuts.
   */
  static final int WRITE_CHUNK = 256 * 1024;

  /** Longest a closed socket keeps sending bytes its peer does not take. */
  static final long CLOSE_LINGER_MILLIS = 2_000;

  private final NettyRuntime runtime;
  private final NettyListener acceptedBy;
  private final int inboundLimit;
  private volatile Channel channel;

  private final Object lock = new Object();
  private final ArrayDeque<ByteBuf> inbound = new ArrayDeque<>(); // guarded by lock
  private int inboundBytes; // guarded by lock
  private boolean readPaused; // guarded by lock
  private boolean inputEnded; // guarded by lock
  private IOException failure; // guarded by lock

  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean outputShut;
  private volatile ChannelFuture lastWrite; // set on the loop by drainWrites
  private final ConcurrentLinkedQueue<ByteBuf> outbound = new ConcurrentLinkedQueue<>();
  private final AtomicLong outboundBytes = new AtomicLong();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drainTask = this::drainWrites;
  private volatile InetSocketAddress local;
  private volatile InetSocketAddress remote;

  private final Waiters readers = new Waiters();
  private final Waiters writers = new Waiters();
  private final AtomicReference<Thread> reader = new AtomicReference<>();
  private final AtomicReference<Thread> writer = new AtomicReference<>();

  NettySocket(NettyRuntime runtime, NettyListener acceptedBy) {
    this.runtime = runtime;
    this.acceptedBy = acceptedBy;
    this.inboundLimit = runtime.options().inboundQueueBytes();
  }

  // ---- connect

  static NettySocket connect(
      NettyRuntime runtime,
      NettyTask<?> task,
      InetSocketAddress address,
      long nanos,
      Duration timeout)
      throws IOException {
    task.throwIfCancelled();
    NettySocket socket = new NettySocket(runtime, null);
    Bootstrap b =
        new Bootstrap()
            .group(runtime.group())
            .channel(runtime.options().transport().socketChannel())
            .handler(new InboundHandler(socket));
    ChannelSetup.client(b, runtime.options());
    long start = System.nanoTime();
    ChannelFuture f = b.connect(address);
    socket.attach(f.channel());
    Thread me = Thread.currentThread();
    f.addListener(done -> LockSupport.unpark(me));
    try {
      while (!f.isDone()) {
        task.throwIfCancelled();
        if (!task.parkUntil(start, nanos) && !f.isDone()) {
          throw new SocketTimeoutException("connect to " + address + " timed out after " + timeout);
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      f.channel().close();
      throw e;
    }
    if (!f.isSuccess()) {
      f.channel().close();
      throw connectFailure(address, f.cause());
    }
    socket.cacheAddresses(f.channel());
    runtime.register(socket);
    return socket;
  }

  private static IOException connectFailure(InetSocketAddress address, Throwable cause) {
    if (cause instanceof ConnectException) {
      // Netty's annotated subclasses carry loop-thread stacks; the task gets a plain one with the
      // cause kept.
      ConnectException e =
          new ConnectException(
              cause.getMessage() == null
                  ? "connection to " + address + " refused"
                  : cause.getMessage());
      e.initCause(cause);
      return e;
    }
    if (cause instanceof IOException io) {
      return io;
    }
    return new IOException("connect to " + address + " failed: " + cause, cause);
  }

  /** The channel, for this package's tests. */
  Channel channel() {
    return channel;
  }

  // ---- event loop side (InboundHandler)

  void attach(Channel ch) {
    if (channel == null) {
      channel = ch;
    }
  }

  void onActive(ChannelHandlerContext ctx) {
    cacheAddresses(ctx.channel());
    ctx.read();
    if (acceptedBy != null) {
      acceptedBy.enqueue(this);
    }
  }

  void onRead(ByteBuf buf) {
    synchronized (lock) {
      if (!closed.get() && buf.isReadable()) {
        inbound.add(buf);
        inboundBytes += buf.readableBytes();
        return;
      }
    }
    buf.release();
  }

  void onReadComplete(ChannelHandlerContext ctx) {
    boolean more;
    synchronized (lock) {
      boolean open = !closed.get() && !inputEnded;
      more = open && inboundBytes < inboundLimit;
      readPaused = open && !more;
    }
    if (more && !((DuplexChannel) ctx.channel()).isInputShutdown()) {
      ctx.read();
    }
    readers.wakeAll();
  }

  void onInputShutdown() {
    synchronized (lock) {
      inputEnded = true;
      // Asking an epoll channel to read after its input shut down makes Netty close it, writes and
      // all.
      readPaused = false;
    }
    readers.wakeAll();
  }

  void onFailure(Throwable cause) {
    synchronized (lock) {
      if (failure == null) {
        failure = cause instanceof IOException io ? io : new IOException(cause);
      }
    }
    readers.wakeAll();
    writers.wakeAll();
  }

  void onInactive() {
    synchronized (lock) {
      inputEnded = true;
      // The bytes stay readable, but in plain heap copies: a socket the application never closes
      // after its peer left must not hold pooled memory.
      int n = inbound.size();
      for (int i = 0; i < n; i++) {
        ByteBuf b = inbound.poll();
        try {
          byte[] copy = new byte[b.readableBytes()];
          b.readBytes(copy);
          inbound.add(Unpooled.wrappedBuffer(copy));
        } finally {
          b.release();
        }
      }
    }
    readers.wakeAll();
    writers.wakeAll();
  }

  void onWritabilityChanged() {
    writers.wakeAll();
  }

  // ---- task side

  @Override
  public int read(Context ctx, ByteBuffer dst) throws IOException {
    NettyTask<?> task = NettyTask.current(ctx);
    Objects.requireNonNull(dst, "dst");
    if (closed.get()) {
      throw closedException();
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    Thread me = Thread.currentThread();
    if (!reader.compareAndSet(null, me)) {
      throw new IllegalStateException("another task is already reading this socket (READ-3)");
    }
    try {
      readers.add(me);
      try {
        while (true) {
          if (closed.get()) {
            throw closedException();
          }
          task.throwIfCancelled();
          int n = take(dst);
          if (n != 0) {
            return n;
          }
          task.parkUntil(0, NettyTask.FOREVER_NANOS);
        }
      } finally {
        readers.remove(me);
      }
    } finally {
      reader.set(null);
    }
  }

  /** Copies queued bytes into {@code dst}: a count, -1 at EOF, 0 when nothing is pending. */
  private int take(ByteBuffer dst) throws IOException {
    int n = 0;
    boolean resume = false;
    synchronized (lock) {
      while (dst.hasRemaining() && !inbound.isEmpty()) {
        ByteBuf b = inbound.peek();
        int k = Math.min(b.readableBytes(), dst.remaining());
        int limit = dst.limit();
        dst.limit(dst.position() + k);
        b.readBytes(dst);
        dst.limit(limit);
        n += k;
        if (!b.isReadable()) {
          inbound.poll();
          b.release();
        }
      }
      if (n == 0) {
        if (failure != null) {
          throw failure;
        }
        return inputEnded ? -1 : 0;
      }
      inboundBytes -= n;
      if (readPaused && !inputEnded && inboundBytes < inboundLimit) {
        readPaused = false;
        resume = true;
      }
    }
    if (resume) {
      resumeReading();
    }
    return n;
  }

  /**
   * Re-arms reading from the loop itself: the EOF may be processed between the task's decision and
   * the request, and an epoll channel asked to read after its input shut down fails its
   * registration update and closes, dropping queued writes.
   */
  private void resumeReading() {
    Channel ch = channel;
    try {
      ch.eventLoop()
          .execute(
              () -> {
                if (ch.isActive() && !((DuplexChannel) ch).isInputShutdown()) {
                  ch.read();
                }
              });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The loop is shutting down with the runtime; nothing is left to read.
    }
  }

  @Override
  public long write(Context ctx, ByteBuffer... srcs) throws IOException {
    NettyTask<?> task = NettyTask.current(ctx);
    Objects.requireNonNull(srcs, "srcs");
    long total = 0;
    for (ByteBuffer src : srcs) {
      total += Objects.requireNonNull(src, "srcs contains null").remaining();
    }
    if (closed.get()) {
      throw closedException();
    }
    if (outputShut) {
      throw new IOException("socket output was shut down");
    }
    Thread me = Thread.currentThread();
    if (!writer.compareAndSet(null, me)) {
      throw new IllegalStateException("another task is already writing this socket (READ-3)");
    }
    try {
      task.throwIfCancelled();
      if (total == 0) {
        return 0;
      }
      writers.add(me);
      try {
        long written = 0;
        int next = 0;
        while (written < total) {
          awaitWritable(task);
          int chunk = (int) Math.min(total - written, WRITE_CHUNK);
          ByteBuf buf = channel.alloc().directBuffer(chunk);
          try {
            int left = chunk;
            while (left > 0) {
              ByteBuffer src = srcs[next];
              int k = Math.min(src.remaining(), left);
              if (k == 0) {
                next++;
                continue;
              }
              int limit = src.limit();
              src.limit(src.position() + k);
              buf.writeBytes(src);
              src.limit(limit);
              left -= k;
            }
          } catch (RuntimeException | Error e) {
            buf.release();
            throw e;
          }
          queue(buf, chunk);
          written += chunk;
        }
        return total;
      } finally {
        writers.remove(me);
      }
    } finally {
      writer.set(null);
    }
  }

  private void awaitWritable(NettyTask<?> task) throws IOException {
    while (true) {
      if (closed.get()) {
        throw closedException();
      }
      task.throwIfCancelled();
      if (outputShut) {
        throw new IOException("socket output was shut down");
      }
      Channel ch = channel;
      if (!ch.isActive()) {
        IOException f;
        synchronized (lock) {
          f = failure;
        }
        throw f != null
            ? new IOException(f.getMessage(), f)
            : new IOException("connection closed by peer");
      }
      // Queued bytes count against the high water mark too; bytesBeforeUnwritable is 0 once above
      // it.
      if (ch.isWritable() && outboundBytes.get() < ch.bytesBeforeUnwritable()) {
        return;
      }
      task.parkUntil(0, NettyTask.FOREVER_NANOS);
    }
  }

  /** Any thread: queues one buffer and schedules a drain unless one is already pending. */
  private void queue(ByteBuf buf, int bytes) throws IOException {
    outbound.add(buf);
    outboundBytes.addAndGet(bytes);
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        channel.eventLoop().execute(drainTask);
      } catch (RejectedExecutionException e) {
        drainScheduled.set(false);
        releaseQueued();
        throw new IOException("the event loop of this socket is gone", e);
      }
    }
  }

  /**
   * Loop only: hands every queued buffer to the channel and flushes once. The flag is cleared
   * first, so a buffer queued after the last poll schedules a new drain instead of being missed.
   */
  private void drainWrites() {
    drainScheduled.set(false);
    Channel ch = channel;
    ByteBuf b;
    boolean any = false;
    long moved = 0;
    while ((b = outbound.poll()) != null) {
      moved += b.readableBytes();
      // Netty fails the write and releases b if the channel is already closed.
      lastWrite = ch.write(b);
      any = true;
    }
    if (any) {
      outboundBytes.addAndGet(-moved);
      ch.flush();
      // Bytes moved from the queue into the channel do not cross a water mark by themselves.
      writers.wakeAll();
    }
  }

  /** Drops whatever is still queued (the loop is gone, or the socket closed without lingering). */
  private void releaseQueued() {
    ByteBuf b;
    while ((b = outbound.poll()) != null) {
      outboundBytes.addAndGet(-b.readableBytes());
      b.release();
    }
  }

  /** Runs {@code action} on the loop after the writes queued so far reached the channel. */
  private void afterQueuedWrites(Channel ch, Runnable action, Runnable ifLoopGone) {
    try {
      ch.eventLoop()
          .execute(
              () -> {
                drainWrites();
                action.run();
              });
    } catch (RejectedExecutionException e) {
      releaseQueued();
      ifLoopGone.run();
    }
  }

  @Override
  public void shutdownOutput() throws IOException {
    if (closed.get()) {
      throw closedException();
    }
    if (outputShut) {
      return;
    }
    outputShut = true;
    DuplexChannel ch = (DuplexChannel) channel;
    // Netty's shutdownOutput fails writes still queued in the channel, so it waits for the last
    // one.
    afterQueuedWrites(
        ch,
        () -> {
          ChannelFuture last = lastWrite;
          if (last == null || last.isDone()) {
            shutdownOutputNow(ch);
          } else {
            last.addListener(f -> shutdownOutputNow(ch));
          }
        },
        () -> {});
    writers.wakeAll();
  }

  private void shutdownOutputNow(DuplexChannel ch) {
    ch.shutdownOutput()
        .addListener(
            f -> {
              if (runtime.options().transport() == Transport.EPOLL
                  && ch.isActive()
                  && ch.isInputShutdown()) {
                // Both directions are now shut, so the socket reports a hang-up that epoll repeats
                // for as
                // long as the fd stays registered. One more read request makes Netty see the EOF
                // again
                // and drop all interest, which EpollInterestGuard then lets through as a removal.
                ch.read();
              }
            });
  }

  @Override
  public InetSocketAddress localAddress() {
    InetSocketAddress a = local;
    if (a == null) {
      a = asInet(channel.localAddress());
    }
    return a;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    InetSocketAddress a = remote;
    if (a == null) {
      a = asInet(channel.remoteAddress());
    }
    return a;
  }

  private void cacheAddresses(Channel ch) {
    InetSocketAddress l = asInet(ch.localAddress());
    InetSocketAddress r = asInet(ch.remoteAddress());
    if (l != null) {
      local = l;
    }
    if (r != null) {
      remote = r;
    }
  }

  private static InetSocketAddress asInet(SocketAddress a) {
    return a instanceof InetSocketAddress i ? i : null;
  }

  @Override
  public <T> T getOption(SocketOption<T> option) throws IOException {
    Objects.requireNonNull(option, "option");
    ChannelOption<T> mapped = SocketOptionMapping.of(option);
    if (closed.get()) {
      throw closedException();
    }
    T value = channel.config().getOption(mapped);
    return SocketOptionMapping.asJdkReports(option, value, runtime.options().transport());
  }

  @Override
  public <T> void setOption(SocketOption<T> option, T value) throws IOException {
    Objects.requireNonNull(option, "option");
    ChannelOption<T> mapped = SocketOptionMapping.of(option);
    if (closed.get()) {
      throw closedException();
    }
    if (!channel.config().setOption(mapped, value)) {
      throw new UnsupportedOperationException(
          "socket option "
              + option.name()
              + " was not accepted by the "
              + runtime.transport()
              + " transport");
    }
  }

  @Override
  public boolean isOpen() {
    return !closed.get();
  }

  @Override
  public void close() {
    close(true);
  }

  /**
   * Runtime shutdown: closes at once and drops output still queued, so peers see EOF when it
   * returns (SHUT-4).
   */
  void closeNow() {
    close(false);
  }

  private void close(boolean linger) {
    if (!closed.compareAndSet(false, true)) {
      if (!linger && channel != null) {
        channel.close();
      }
      return;
    }
    synchronized (lock) {
      ByteBuf b;
      while ((b = inbound.poll()) != null) {
        b.release();
      }
      inboundBytes = 0;
    }
    Channel ch = channel;
    if (ch != null) {
      if (linger) {
        afterQueuedWrites(ch, () -> closeAfterLastWrite(ch), ch::close);
      } else {
        // Every queued buffer already has a drain scheduled behind it; that drain finds the
        // channel closed, and Netty releases what it writes.
        ch.close();
      }
    }
    readers.wakeAll();
    writers.wakeAll();
    if (ch != null && linger) {
      // Still the runtime's until the channel really closes, so a shutdown cuts a lingering close
      // short.
      ch.closeFuture().addListener(f -> runtime.unregister(this));
    } else {
      runtime.unregister(this);
    }
  }

  /**
   * Like a kernel socket, a close lets bytes that write() already accepted go out first: Netty
   * would drop whatever still sits in the channel's outbound buffer. A peer that never reads must
   * not keep the channel forever, hence the linger bound.
   */
  private void closeAfterLastWrite(Channel ch) {
    ChannelFuture last = lastWrite;
    if (last == null || last.isDone()) {
      ch.close();
      return;
    }
    last.addListener(f -> ch.close());
    try {
      ScheduledFuture<?> linger =
          ch.eventLoop()
              .schedule(
                  () -> {
                    ch.close();
                  },
                  CLOSE_LINGER_MILLIS,
                  TimeUnit.MILLISECONDS);
      ch.closeFuture().addListener(f -> linger.cancel(false));
    } catch (RejectedExecutionException e) {
      ch.close();
    }
  }

  private SocketClosedException closedException() {
    return new SocketClosedException("socket " + local + " -> " + remote + " is closed");
  }

  // ---- waiting

  @Override
  public NettyRuntime owner() {
    return runtime;
  }

  @Override
  public boolean pollReady(boolean consume) throws SocketClosedException {
    if (closed.get()) {
      throw closedException();
    }
    synchronized (lock) {
      return !inbound.isEmpty() || inputEnded || failure != null;
    }
  }

  @Override
  public void addWaiter(NettyTask<?> task) {
    readers.add(task.thread());
  }

  @Override
  public void removeWaiter(NettyTask<?> task) {
    readers.remove(task.thread());
  }

  @Override
  public String toString() {
    return "NettySocket[" + local + " -> " + remote + (closed.get() ? ", closed" : "") + "]";
  }
}
