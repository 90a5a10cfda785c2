package dev.weft.backend.netty;

import dev.weft.backend.kit.ExclusiveUse;
import dev.weft.backend.kit.LevelWaitable;
import dev.weft.backend.kit.ParkedThreads;
import dev.weft.backend.nettykit.SocketOptionMapping;
import dev.weft.spi.Context;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connected channel seen as a blocking socket by virtual-thread tasks.
 *
 * <p>Inbound: autoRead is off; the event loop fills a {@link NettyInboundQueue} of at most {@code
 * weft.netty.inboundQueueBytes} unread bytes, which the reading task drains.
 *
 * <p>Outbound: each write call copies the caller's buffers into one pooled buffer (per chunk of
 * {@link #WRITE_CHUNK} bytes) and queues it on a {@link NettyOutboundQueue}, which coalesces calls
 * into one hand-off and one flush per batch. Before each chunk the task waits while the bytes
 * queued there plus those in the channel reach its high water mark, {@code weft.writeBufferBytes}
 * (WRITE-2).
 */
final class NettySocket implements StreamSocket, LevelWaitable {
  /**
   * The largest buffer one write hands to the loop; bigger calls are cut and wait on writability
   * between cuts.
   */
  static final int WRITE_CHUNK = 256 * 1024;

  private final NettyRuntime runtime;
  private final NettyListener acceptedBy;
  private volatile Channel channel;
  private final NettyInboundQueue inbound;
  private final NettyOutboundQueue outbound;

  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean outputShut;
  private volatile InetSocketAddress local;
  private volatile InetSocketAddress remote;

  private final ParkedThreads readers = new ParkedThreads();
  private final ParkedThreads writers = new ParkedThreads();
  private final ExclusiveUse reader =
      new ExclusiveUse("another task is already reading this socket (READ-3)");
  private final ExclusiveUse writer =
      new ExclusiveUse("another task is already writing this socket (READ-3)");

  NettySocket(NettyRuntime runtime, NettyListener acceptedBy) {
    this.runtime = runtime;
    this.acceptedBy = acceptedBy;
    this.inbound =
        new NettyInboundQueue(runtime.options().inboundQueueBytes(), this::resumeReading);
    this.outbound = new NettyOutboundQueue(this, writers, runtime.options().transport());
  }

  /** The channel, also for this package's tests. */
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
    inbound.add(buf);
  }

  void onReadComplete(ChannelHandlerContext ctx) {
    if (inbound.readMore() && !((DuplexChannel) ctx.channel()).isInputShutdown()) {
      ctx.read();
    }
    readers.wakeAll();
  }

  void onInputShutdown() {
    inbound.endInput();
    readers.wakeAll();
  }

  void onFailure(Throwable cause) {
    inbound.fail(cause);
    readers.wakeAll();
    writers.wakeAll();
  }

  void onInactive() {
    inbound.channelGone();
    readers.wakeAll();
    writers.wakeAll();
  }

  void onWritabilityChanged() {
    writers.wakeAll();
  }

  // ---- task side

  @Override
  public int read(Context ctx, ByteBuffer dst) throws IOException {
    NettyTaskContext task = NettyTaskContext.current(ctx);
    Objects.requireNonNull(dst, "dst");
    if (closed.get()) {
      throw closedException();
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    Thread me = Thread.currentThread();
    reader.enter();
    try {
      // Registered as a waiter only when nothing is queued: a read that finds bytes allocates
      // nothing.
      task.throwIfCancelled();
      int ready = inbound.take(dst);
      if (ready != 0) {
        return ready;
      }
      readers.add(me);
      try {
        while (true) {
          if (closed.get()) {
            throw closedException();
          }
          task.throwIfCancelled();
          int n = inbound.take(dst);
          if (n != 0) {
            return n;
          }
          task.parker().park(this);
        }
      } finally {
        readers.remove(me);
        task.parker().restoreInterrupt();
      }
    } finally {
      reader.exit();
    }
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
    NettyTaskContext task = NettyTaskContext.current(ctx);
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
    writer.enter();
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
          outbound.add(buf, chunk);
          written += chunk;
        }
        return total;
      } finally {
        writers.remove(me);
        task.parker().restoreInterrupt();
      }
    } finally {
      writer.exit();
    }
  }

  private void awaitWritable(NettyTaskContext task) throws IOException {
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
        IOException f = inbound.failure();
        throw f != null
            ? new IOException(f.getMessage(), f)
            : new IOException("connection closed by peer");
      }
      // Queued bytes count against the high water mark too; bytesBeforeUnwritable is 0 once above
      // it.
      if (ch.isWritable() && outbound.bytes() < ch.bytesBeforeUnwritable()) {
        return;
      }
      task.parker().park(this);
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
    outbound.shutdownOutput();
    writers.wakeAll();
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

  void cacheAddresses(Channel ch) {
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
    SocketOptionMapping.of(Objects.requireNonNull(option, "option"));
    checkOpen();
    return SocketOptionMapping.get(channel, option);
  }

  @Override
  public <T> void setOption(SocketOption<T> option, T value) throws IOException {
    SocketOptionMapping.of(Objects.requireNonNull(option, "option"));
    checkOpen();
    if (!SocketOptionMapping.set(channel, option, value)) {
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
    inbound.close();
    Channel ch = channel;
    if (ch != null) {
      if (linger) {
        outbound.closeAfterQueuedWrites(ch);
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

  private SocketClosedException closedException() {
    return new SocketClosedException("socket " + local + " -> " + remote + " is closed");
  }

  // ---- waiting

  @Override
  public NettyRuntime owner() {
    return runtime;
  }

  @Override
  public void checkOpen() throws SocketClosedException {
    if (closed.get()) {
      throw closedException();
    }
  }

  @Override
  public boolean takeReady(Thread me) {
    return inbound.readable();
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
  public String toString() {
    return "NettySocket[" + local + " -> " + remote + (closed.get() ? ", closed" : "") + "]";
  }
}
