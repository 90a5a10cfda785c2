package dev.weft.backend.netty;

import dev.weft.backend.kit.LevelWaitable;
import dev.weft.backend.kit.ParkedThreads;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A server channel whose accepted children wait in a queue until a task takes them. The listener is
 * readable while that queue is non-empty. Children start reading into their own bounded queue as
 * soon as they are active, so the first bytes are already there when the task accepts.
 */
final class NettyListener implements Listener, LevelWaitable {
  private static final long BIND_TIMEOUT_SECONDS = 10;
  private static final long CLOSE_TIMEOUT_SECONDS = 5;

  private final NettyRuntime runtime;
  private final ConcurrentLinkedQueue<NettySocket> pending = new ConcurrentLinkedQueue<>();

  /** Cached so that accept does not allocate a method reference per call. */
  private final Supplier<NettySocket> nextPending = pending::poll;

  private final ParkedThreads acceptors = new ParkedThreads();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Channel serverChannel;
  private volatile InetSocketAddress local;

  private NettyListener(NettyRuntime runtime) {
    this.runtime = runtime;
  }

  static NettyListener bind(NettyRuntime runtime, InetSocketAddress address) throws IOException {
    NettyListener listener = new NettyListener(runtime);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(runtime.group())
            .channel(runtime.options().transport().serverChannel())
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new InboundHandler(new NettySocket(runtime, listener)));
                  }
                });
    ChannelSetup.server(b, runtime.options());
    ChannelFuture f = b.bind(address);
    CompletableFuture<Void> bound = new CompletableFuture<>();
    f.addListener(done -> bound.complete(null));
    try {
      bound.get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      f.channel().close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding " + address, e);
    } catch (ExecutionException | TimeoutException e) {
      f.channel().close();
      throw new IOException("binding " + address + " did not complete", e);
    }
    if (!f.isSuccess()) {
      f.channel().close();
      throw bindFailure(address, f.cause());
    }
    listener.serverChannel = f.channel();
    listener.local = (InetSocketAddress) f.channel().localAddress();
    runtime.register(listener);
    return listener;
  }

  private static IOException bindFailure(InetSocketAddress address, Throwable cause) {
    String msg = String.valueOf(cause.getMessage());
    if (cause instanceof BindException be) {
      return be;
    }
    if (msg.contains("Address already in use") || msg.contains("Cannot assign requested address")) {
      BindException e = new BindException("cannot bind " + address + ": " + msg);
      e.initCause(cause);
      return e;
    }
    return cause instanceof IOException io ? io : new IOException("cannot bind " + address, cause);
  }

  /** Called on the child's event loop once it is active. */
  void enqueue(NettySocket socket) {
    runtime.register(socket);
    pending.add(socket);
    if (closed.get()) {
      drain();
    }
    acceptors.wakeAll();
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public StreamSocket accept(Context ctx) throws IOException {
    NettyTaskContext task = NettyTaskContext.current(ctx);
    return task.parker().awaitNext(this, nextPending);
  }

  @Override
  public boolean isOpen() {
    return !closed.get();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Channel ch = serverChannel;
    if (ch != null) {
      ChannelFuture f = ch.close();
      if (!ch.eventLoop().inEventLoop()) {
        // Wait so that, once close returns, connecting to the address is refused (LISTEN-3).
        CompletableFuture<Void> done = new CompletableFuture<>();
        f.addListener(x -> done.complete(null));
        try {
          done.get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
          // The loop is gone or stuck; the channel is closing anyway.
        }
      }
    }
    drain();
    acceptors.wakeAll();
    runtime.unregister(this);
  }

  private void drain() {
    NettySocket s;
    while ((s = pending.poll()) != null) {
      s.close();
    }
  }

  private SocketClosedException closedException() {
    return new SocketClosedException("listener " + local + " is closed");
  }

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
    return !pending.isEmpty();
  }

  @Override
  public void addWaiter(Thread me) {
    acceptors.add(me);
  }

  @Override
  public void removeWaiter(Thread me) {
    acceptors.remove(me);
  }

  @Override
  public String toString() {
    return "NettyListener[" + local + (closed.get() ? ", closed" : "") + "]";
  }
}
