package dev.weft.backend.loom;

import dev.weft.backend.kit.LevelWaitable;
import dev.weft.spi.Context;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connected socket: a blocking {@link SocketChannel} driven by two pump virtual threads ({@link
 * LoomReceivePump}, {@link LoomSendPump}). Tasks only exchange bytes with the pumps' buffers and
 * park on their own thread, so cancel and close wake them without touching the channel.
 */
final class LoomSocket implements StreamSocket, LevelWaitable {
  private final LoomRuntime runtime;
  private final long id;
  private final SocketChannel channel;
  private final InetSocketAddress local;
  private final InetSocketAddress remote;
  private final LoomReceivePump in;
  private final LoomSendPump out;
  private final Duration closeLinger;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean reading = new AtomicBoolean();
  private final AtomicBoolean writing = new AtomicBoolean();
  private volatile boolean closedLocally;

  LoomSocket(LoomRuntime runtime, long id, SocketChannel channel, LoomOptions options)
      throws IOException {
    this.runtime = runtime;
    this.id = id;
    this.channel = channel;
    // Cached because SOCK-2 wants them after close, when the channel no longer answers.
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.remote = (InetSocketAddress) channel.getRemoteAddress();
    this.in = new LoomReceivePump(this, channel, options.readBufferBytes());
    this.out = new LoomSendPump(this, channel, options.writeBufferBytes());
    this.closeLinger = options.closeLinger();
  }

  /** Starts both pumps; called once the runtime has registered the socket. */
  void start() {
    Thread r = runtime.newThread("weft-loom-read-" + id, in::pump);
    Thread w = runtime.newThread("weft-loom-write-" + id, out::pump);
    in.pumpThread(r);
    out.pumpThread(w);
    r.start();
    w.start();
  }

  boolean isClosedLocally() {
    return closedLocally;
  }

  @Override
  public LoomRuntime owner() {
    return runtime;
  }

  @Override
  public void checkOpen() throws SocketClosedException {
    if (closedLocally) {
      throw new SocketClosedException("socket " + local + " -> " + remote + " is closed");
    }
  }

  @Override
  public boolean takeReady(Thread me) {
    return in.readable();
  }

  @Override
  public void addWaiter(Thread me) {
    in.waiters().add(me);
  }

  @Override
  public void removeWaiter(Thread me) {
    in.waiters().remove(me);
  }

  @Override
  public int read(Context ctx, ByteBuffer dst) throws IOException {
    LoomTaskContext task = runtime.own(ctx);
    Objects.requireNonNull(dst, "dst");
    checkOpen();
    if (!dst.hasRemaining()) {
      return 0;
    }
    if (!reading.compareAndSet(false, true)) {
      throw new IllegalStateException("another read is in progress on this socket (READ-3)");
    }
    try {
      task.throwIfCancelled();
      int n = in.take(dst);
      if (n != 0) {
        return n;
      }
      Thread me = Thread.currentThread();
      in.waiters().add(me);
      try {
        while (true) {
          checkOpen();
          task.throwIfCancelled();
          n = in.take(dst);
          if (n != 0) {
            return n;
          }
          task.parker().park(this);
        }
      } finally {
        in.waiters().remove(me);
        task.parker().restoreInterrupt();
      }
    } finally {
      reading.set(false);
    }
  }

  @Override
  public long write(Context ctx, ByteBuffer... srcs) throws IOException {
    LoomTaskContext task = runtime.own(ctx);
    Objects.requireNonNull(srcs, "srcs");
    for (ByteBuffer b : srcs) {
      Objects.requireNonNull(b, "srcs element");
    }
    checkOpen();
    if (!writing.compareAndSet(false, true)) {
      throw new IllegalStateException("another write is in progress on this socket (READ-3)");
    }
    try {
      task.throwIfCancelled();
      return out.write(task, srcs);
    } finally {
      writing.set(false);
    }
  }

  @Override
  public void shutdownOutput() throws IOException {
    out.shutdownOutput();
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public <T> T getOption(SocketOption<T> option) throws IOException {
    checkOpen();
    return channel.getOption(option);
  }

  @Override
  public <T> void setOption(SocketOption<T> option, T value) throws IOException {
    checkOpen();
    channel.setOption(option, value);
  }

  @Override
  public boolean isOpen() {
    return !closedLocally;
  }

  /**
   * CLOSE-1..3. Tasks wake at once with {@link SocketClosedException}. Bytes already accepted by
   * {@link #write} are still delivered, as the kernel does for its own send buffer: a closer thread
   * gives the writer pump up to {@code weft.loom.closeLinger} to flush, then closes the channel, so
   * the peer reads them before EOF.
   */
  @Override
  public void close() {
    if (!markClosed()) {
      return;
    }
    if (out.hasPending() && !closeLinger.isZero()) {
      try {
        runtime.newThread("weft-loom-close-" + id, this::flushThenClose).start();
        return;
      } catch (RuntimeException e) {
        // fall through to an immediate close
      }
    }
    closeChannel();
  }

  /**
   * Closes at once, dropping queued output: used by runtime shutdown (SHUT-3, SHUT-4), also on a
   * socket that is still flushing after {@link #close()}.
   */
  void abort() {
    markClosed();
    closeChannel();
  }

  private boolean markClosed() {
    if (!closed.compareAndSet(false, true)) {
      return false;
    }
    closedLocally = true;
    in.waiters().wakeAll();
    in.wakePump();
    out.wakeAll();
    return true;
  }

  private void flushThenClose() {
    Thread writer = out.pumpThread();
    try {
      if (writer != null) {
        writer.join(closeLinger);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeChannel();
    }
  }

  /** The runtime keeps the socket until here, so a shutdown also cuts short a lingering flush. */
  private void closeChannel() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to release: the descriptor is gone either way
    }
    runtime.forget(this);
  }

  @Override
  public String toString() {
    return "LoomSocket[" + local + " -> " + remote + (closedLocally ? ", closed" : "") + "]";
  }
}
