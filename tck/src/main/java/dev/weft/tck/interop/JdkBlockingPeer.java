package dev.weft.tck.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.opentest4j.AssertionFailedError;

/**
 * The neutral peer: plain {@link java.net.Socket}s on platform threads, the behaviour every other
 * TCP stack is measured against. TCP_NODELAY is on, as SOCK-1 requires of the backends, so small
 * frames are judged against a peer that does not delay them. Socket timeouts and an overall
 * deadline bound every blocking call, so a stuck backend on the other end fails the test instead of
 * leaving a thread behind.
 */
final class JdkBlockingPeer implements Peer {
  static final String NAME = "jdk-blocking";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Serving serve(Exchange exchange) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress("127.0.0.1", 0));
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicReference<Socket> accepted = new AtomicReference<>();
    Thread server =
        Thread.ofPlatform()
            .daemon(true)
            .name("tck-interop-jdk-server")
            .start(
                () -> {
                  try (listener;
                      Socket socket = listener.accept()) {
                    accepted.set(socket);
                    socket.setTcpNoDelay(true);
                    exchange.server(conn(socket), NAME + " (server)");
                    done.complete(null);
                  } catch (Throwable t) {
                    done.completeExceptionally(t);
                  }
                });
    return new Serving() {
      @Override
      public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
      }

      @Override
      public void await(Duration limit) throws Exception {
        settle(done, limit, "server");
      }

      @Override
      public Optional<Throwable> failure(Duration within) throws InterruptedException {
        try {
          done.get(within.toNanos(), TimeUnit.NANOSECONDS);
          return Optional.empty();
        } catch (ExecutionException e) {
          return Optional.of(e.getCause());
        } catch (TimeoutException stillRunning) {
          return Optional.empty();
        }
      }

      @Override
      public void close() throws IOException {
        listener.close();
        Socket socket = accepted.get();
        if (socket != null) {
          socket.close();
        }
        awaitEnd(server);
      }
    };
  }

  @Override
  public void call(InetSocketAddress address, Exchange exchange, Duration limit) throws Exception {
    Socket socket = new Socket();
    Thread writer = null;
    Thread reader = null;
    try {
      socket.connect(address, (int) limit.toMillis());
      socket.setSoTimeout((int) limit.toMillis());
      socket.setTcpNoDelay(true);
      // Streams are taken before the writer can half-close: getOutputStream() fails after that.
      Conn conn = conn(socket);
      CompletableFuture<Void> sent = new CompletableFuture<>();
      CompletableFuture<Void> received = new CompletableFuture<>();
      writer = start("tck-interop-jdk-client-writer", sent, () -> exchange.clientWrites(conn));
      reader =
          start(
              "tck-interop-jdk-client-reader",
              received,
              () -> exchange.clientReads(conn, NAME + " (client)"));
      settle(received, limit, "client");
      settle(sent, limit, "client writer");
    } finally {
      // Closing first unblocks a thread stuck on a peer that stopped reading or writing.
      socket.close();
      if (writer != null) {
        awaitEnd(writer);
      }
      if (reader != null) {
        awaitEnd(reader);
      }
    }
  }

  private interface Half {
    void run() throws Exception;
  }

  private static Thread start(String name, CompletableFuture<Void> done, Half half) {
    return Thread.ofPlatform()
        .daemon(true)
        .name(name)
        .start(
            () -> {
              try {
                half.run();
                done.complete(null);
              } catch (Throwable t) {
                done.completeExceptionally(t);
              }
            });
  }

  private static void awaitEnd(Thread thread) {
    try {
      if (!thread.join(Duration.ofSeconds(5))) {
        throw new AssertionFailedError(
            thread.getName() + " still running 5 s after its socket was closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void settle(CompletableFuture<Void> done, Duration limit, String role)
      throws Exception {
    try {
      done.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionFailedError(NAME + " " + role + " did not finish within " + limit);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static Conn conn(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    return new Conn() {
      @Override
      public int read(ByteBuffer dst) throws IOException {
        int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
        if (n > 0) {
          dst.position(dst.position() + n);
        }
        return n;
      }

      @Override
      public void write(ByteBuffer... srcs) throws IOException {
        // One stream write per call, as a gathering write is one call on the other stacks.
        int total = 0;
        for (ByteBuffer src : srcs) {
          total += src.remaining();
        }
        byte[] all = new byte[total];
        int at = 0;
        for (ByteBuffer src : srcs) {
          int n = src.remaining();
          src.get(all, at, n);
          at += n;
        }
        out.write(all);
        out.flush();
      }

      @Override
      public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
      }
    };
  }

  @Override
  public void close() {
    // Each serve and call stops its own threads and sockets.
  }
}
