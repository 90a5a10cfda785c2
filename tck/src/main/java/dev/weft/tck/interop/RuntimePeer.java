package dev.weft.tck.interop;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.opentest4j.AssertionFailedError;

/**
 * A peer on a runtime of an SPI backend. The client reads in the task that connected and writes in
 * a second task on the same socket (one reader and one writer, READ-3), so both directions flow at
 * once as they must for a payload larger than the socket buffers.
 */
final class RuntimePeer implements Peer {
  private final String name;
  private final AsyncRuntime runtime;

  RuntimePeer(Backend backend, RuntimeOptions options) {
    this.name = backend.name();
    this.runtime = backend.open(options);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Serving serve(Exchange exchange) throws IOException {
    Listener listener = runtime.listen(new InetSocketAddress("127.0.0.1", 0));
    TaskHandle<Void> server =
        runtime.spawn(
            "interop-server",
            ctx -> {
              try (listener;
                  StreamSocket socket = listener.accept(ctx)) {
                exchange.server(conn(socket, ctx), name + " (server)");
              }
              return null;
            });
    return new Serving() {
      @Override
      public InetSocketAddress address() {
        return listener.localAddress();
      }

      @Override
      public void await(Duration limit) throws Exception {
        settle(server, limit, "server");
      }

      @Override
      public Optional<Throwable> failure(Duration within) throws InterruptedException {
        try {
          return server.join(within) instanceof Outcome.Failure<?> f
              ? Optional.of(f.error())
              : Optional.empty();
        } catch (WaitTimeoutException stillRunning) {
          return Optional.empty();
        }
      }

      @Override
      public void close() {
        server.cancel();
        listener.close();
      }
    };
  }

  @Override
  public void call(InetSocketAddress address, Exchange exchange, Duration limit) throws Exception {
    TaskHandle<Void> client =
        runtime.spawn(
            "interop-client",
            ctx -> {
              try (StreamSocket socket = runtime.connect(ctx, address, limit)) {
                TaskHandle<Void> writer =
                    runtime.spawn(
                        "interop-client-writer",
                        wctx -> {
                          exchange.clientWrites(conn(socket, wctx));
                          return null;
                        });
                try {
                  exchange.clientReads(conn(socket, ctx), name + " (client)");
                  settle(writer, limit, "client writer");
                } finally {
                  writer.cancel();
                }
              }
              return null;
            });
    try {
      settle(client, limit, "client");
    } finally {
      client.cancel();
    }
  }

  /** Waits for a task and rethrows its own failure, so the report shows the real cause. */
  private void settle(TaskHandle<?> task, Duration limit, String role) throws Exception {
    Outcome<?> outcome;
    try {
      outcome = task.join(limit);
    } catch (WaitTimeoutException e) {
      throw new AssertionFailedError(name + " " + role + " did not finish within " + limit);
    }
    if (outcome instanceof Outcome.Failure<?> f) {
      if (f.error() instanceof Exception e) {
        throw e;
      }
      if (f.error() instanceof Error e) {
        throw e;
      }
      throw new AssertionFailedError(name + " " + role + " failed", f.error());
    }
    if (outcome instanceof Outcome.Cancelled<?>) {
      throw new AssertionFailedError(name + " " + role + " was cancelled");
    }
  }

  private static Conn conn(StreamSocket socket, Context ctx) {
    return new Conn() {
      @Override
      public int read(ByteBuffer dst) throws IOException {
        return socket.read(ctx, dst);
      }

      @Override
      public void write(ByteBuffer... srcs) throws IOException {
        long expected = 0;
        for (ByteBuffer b : srcs) {
          expected += b.remaining();
        }
        long n = socket.write(ctx, srcs);
        if (n != expected) {
          throw new AssertionFailedError(
              "write returned " + n + " for " + expected + " bytes (WRITE-1)");
        }
      }

      @Override
      public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
      }
    };
  }

  @Override
  public void close() {
    runtime.close();
  }
}
