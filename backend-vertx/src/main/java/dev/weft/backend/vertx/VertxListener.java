package dev.weft.backend.vertx;

import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import io.netty.channel.Channel;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A NetServer seen as a {@link Listener}. Connections arrive on the event loop, are attached paused
 * and queued; {@link #accept} hands them to a task, which starts their reads.
 *
 * <p>Closing a Vert.x NetServer also closes every connection it accepted, which a listener must not
 * do. So while accepted sockets are alive, {@link #close()} closes only the listening channel (the
 * accepted channels' parent), and the NetServer itself is closed once the last of them is gone (or
 * at runtime shutdown).
 */
final class VertxListener implements Listener, VertxWaitable {
  private final VertxRuntime runtime;
  private final NetServer server;
  private final io.vertx.core.Context vertxContext;
  private volatile InetSocketAddress localAddress;
  private volatile Runnable onServerClosed = () -> {};

  private final Object lock = new Object();
  // Guarded by lock.
  private final ArrayDeque<VertxSocket> pending = new ArrayDeque<>();
  private final List<Waiter.Ticket> tickets = new ArrayList<>(1);
  private boolean closed;
  private boolean serverClosed;
  private int liveAccepted;
  private Channel listeningChannel;

  VertxListener(VertxRuntime runtime, NetServer server, io.vertx.core.Context vertxContext) {
    this.runtime = runtime;
    this.server = server;
    this.vertxContext = vertxContext;
  }

  void bound(InetSocketAddress address, Runnable whenServerClosed) {
    this.localAddress = address;
    this.onServerClosed = whenServerClosed;
  }

  /** Event loop: a new connection. */
  void onConnection(NetSocket netSocket) {
    VertxSocket socket = VertxSocket.attach(runtime, netSocket, vertxContext, this);
    boolean reject;
    Waiter.Ticket[] wake = null;
    synchronized (lock) {
      reject = closed;
      if (!reject) {
        pending.add(socket);
        if (listeningChannel == null) {
          listeningChannel = socket.channel().parent();
        }
        // Woken after the lock is released, so the acceptor does not wake only to block on it.
        wake = tickets.toArray(new Waiter.Ticket[0]);
      }
    }
    if (reject) {
      socket.close();
    } else {
      for (Waiter.Ticket t : wake) {
        t.wake();
      }
    }
  }

  @Override
  public StreamSocket accept(Context ctx) throws SocketClosedException {
    TaskContext task = runtime.own(ctx);
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
      if (task.block(this, null, -1) == Waiter.CANCELLED) {
        throw task.cancelled();
      }
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
  public VertxRuntime runtime() {
    return runtime;
  }

  @Override
  public boolean pollReady(TaskContext waiter) throws SocketClosedException {
    synchronized (lock) {
      if (closed) {
        throw closedException();
      }
      return !pending.isEmpty();
    }
  }

  @Override
  public boolean register(Waiter.Ticket ticket) {
    synchronized (lock) {
      if (closed || !pending.isEmpty()) {
        return true;
      }
      tickets.add(ticket);
      return false;
    }
  }

  @Override
  public void unregister(Waiter.Ticket ticket) {
    synchronized (lock) {
      tickets.remove(ticket);
    }
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
      for (Waiter.Ticket t : tickets) {
        t.wake();
      }
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
