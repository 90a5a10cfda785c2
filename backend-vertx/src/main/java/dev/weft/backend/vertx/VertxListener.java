package dev.weft.backend.vertx;

import dev.weft.backend.kit.LevelWaitable;
import dev.weft.backend.kit.ParkedThreads;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A NetServer seen as a {@link Listener}. Connections arrive on the event loop, are attached paused
 * and queued; {@link #accept} hands them to a task, which starts their reads.
 *
 * <p>Closing a Vert.x NetServer also closes every connection it accepted, which a listener must not
 * do. So while accepted sockets are alive, {@link #close()} closes only the listening channel (the
 * accepted channels' parent), and the NetServer itself is closed once the last of them is gone (or
 * at runtime shutdown).
 */
final class VertxListener implements Listener, LevelWaitable {
  private final VertxRuntime runtime;
  private final NetServer server;
  private final io.vertx.core.Context vertxContext;
  private volatile InetSocketAddress localAddress;
  private volatile Runnable onServerClosed = () -> {};

  private final Object lock = new Object();
  // Guarded by lock.
  private final ArrayDeque<VertxSocket> pending = new ArrayDeque<>();
  private final ParkedThreads acceptors = new ParkedThreads();
  private boolean closed;
  private boolean serverClosed;
  private int liveAccepted;
  private Channel listeningChannel;

  VertxListener(VertxRuntime runtime, NetServer server, io.vertx.core.Context vertxContext) {
    this.runtime = runtime;
    this.server = server;
    this.vertxContext = vertxContext;
  }

  /**
   * Creates the NetServer and listens from {@code context}, which ties the server's connections to
   * that context's event loop; returns once the port is bound. On failure {@code release} gives
   * back the port claim and the failure becomes the SPI's exception.
   */
  static VertxListener start(
      VertxRuntime runtime,
      Vertx vertx,
      ContextInternal context,
      InetSocketAddress address,
      String host,
      int port,
      Runnable release,
      Duration bindWait)
      throws IOException {
    VertxSettings settings = runtime.settings();
    NetServerOptions options =
        new NetServerOptions()
            .setTcpNoDelay(true)
            .setAcceptBacklog(settings.listenBacklog())
            .setReuseAddress(true);
    if (settings.receiveBuffer() > 0) {
      options.setReceiveBufferSize(settings.receiveBuffer());
    }
    if (settings.sendBuffer() > 0) {
      options.setSendBufferSize(settings.sendBuffer());
    }
    CompletableFuture<Void> bound = new CompletableFuture<>();
    try {
      NetServer server = vertx.createNetServer(options);
      VertxListener listener = new VertxListener(runtime, server, context);
      server.connectHandler(listener::onConnection);
      context.runOnContext(
          v ->
              server
                  .listen(port, host)
                  .onComplete(
                      ar -> {
                        if (ar.succeeded()) {
                          bound.complete(null);
                        } else {
                          bound.completeExceptionally(ar.cause());
                        }
                      }));
      bound.get(bindWait.toNanos(), TimeUnit.NANOSECONDS);
      return listener;
    } catch (ExecutionException e) {
      release.run();
      throw VertxFailures.bind(e.getCause(), address);
    } catch (TimeoutException e) {
      release.run();
      throw new IOException("listen on " + address + " did not complete within " + bindWait);
    } catch (InterruptedException e) {
      release.run();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while listening on " + address, e);
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
  }

  NetServer server() {
    return server;
  }

  void bound(InetSocketAddress address, Runnable whenServerClosed) {
    this.localAddress = address;
    this.onServerClosed = whenServerClosed;
  }

  /** Event loop: a new connection. */
  void onConnection(NetSocket netSocket) {
    VertxSocket socket = VertxSocket.attach(runtime, netSocket, vertxContext, this);
    boolean reject;
    synchronized (lock) {
      reject = closed;
      if (!reject) {
        pending.add(socket);
        if (listeningChannel == null) {
          listeningChannel = socket.channel().parent();
        }
      }
    }
    if (reject) {
      socket.close();
    } else {
      // Woken after the lock is released, so the acceptor does not wake only to block on it.
      acceptors.wakeAll();
    }
  }

  @Override
  public StreamSocket accept(Context ctx) throws SocketClosedException {
    VertxTaskContext task = runtime.own(ctx);
    Thread me = Thread.currentThread();
    acceptors.add(me);
    try {
      return awaitConnection(task);
    } finally {
      acceptors.remove(me);
      task.parker().restoreInterrupt();
    }
  }

  private StreamSocket awaitConnection(VertxTaskContext task) throws SocketClosedException {
    while (true) {
      synchronized (lock) {
        if (closed) {
          throw closedException();
        }
      }
      task.throwIfCancelled();
      VertxSocket socket;
      synchronized (lock) {
        if (closed) {
          throw closedException();
        }
        socket = pending.poll();
        if (socket != null) {
          liveAccepted++;
        }
      }
      if (socket != null) {
        runtime.track(socket);
        socket.takeOwnership(true);
        return socket;
      }
      task.parker().park(this);
    }
  }

  /** An accepted socket's channel closed. */
  void acceptedSocketGone() {
    boolean closeServer;
    synchronized (lock) {
      liveAccepted--;
      closeServer = closed && liveAccepted == 0 && !serverClosed;
      if (closeServer) {
        serverClosed = true;
      }
    }
    if (closeServer) {
      closeServerQuietly();
    }
  }

  @Override
  public VertxRuntime owner() {
    return runtime;
  }

  @Override
  public void checkOpen() throws SocketClosedException {
    synchronized (lock) {
      if (closed) {
        throw closedException();
      }
    }
  }

  @Override
  public boolean takeReady(Thread me) {
    synchronized (lock) {
      return !pending.isEmpty();
    }
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
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  @Override
  public boolean isOpen() {
    synchronized (lock) {
      return !closed;
    }
  }

  @Override
  public void close() {
    runtime.awaitQuietly(closeAsync());
  }

  /**
   * Stops accepting; the future completes once the port is unbound (bounded by the runtime's close
   * wait), so connecting afterwards is refused (LISTEN-3).
   */
  CompletableFuture<Void> closeAsync() {
    List<VertxSocket> unaccepted;
    boolean closeServer;
    Channel listening;
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.completedFuture(null);
      }
      closed = true;
      unaccepted = new ArrayList<>(pending);
      pending.clear();
      acceptors.wakeAll();
      closeServer = liveAccepted == 0;
      if (closeServer) {
        serverClosed = true;
      }
      listening = listeningChannel;
    }
    runtime.forget(this);
    for (VertxSocket s : unaccepted) {
      s.close();
    }
    CompletableFuture<Void> unbound = new CompletableFuture<>();
    try {
      if (closeServer) {
        server
            .close()
            .onComplete(
                ar -> {
                  onServerClosed.run();
                  unbound.complete(null);
                });
      } else {
        listening.close().addListener(f -> unbound.complete(null));
      }
    } catch (RuntimeException e) {
      // The Vertx is already closed, and every server with it.
      unbound.complete(null);
    }
    return unbound;
  }

  /** Runtime shutdown: the NetServer goes too, whatever is still accepted. */
  void forceCloseServer() {
    boolean closeServer;
    synchronized (lock) {
      closeServer = !serverClosed;
      serverClosed = true;
    }
    if (closeServer) {
      closeServerQuietly();
    }
  }

  private void closeServerQuietly() {
    try {
      server.close().onComplete(ar -> onServerClosed.run());
    } catch (RuntimeException e) {
      onServerClosed.run();
    }
  }

  private static SocketClosedException closedException() {
    return new SocketClosedException("listener is closed");
  }

  @Override
  public String toString() {
    return "VertxListener[" + localAddress + "]";
  }
}
