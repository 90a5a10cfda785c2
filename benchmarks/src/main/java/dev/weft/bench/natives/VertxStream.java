package dev.weft.bench.natives;

import dev.weft.bench.Figures;
import dev.weft.bench.Limits;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * SpiBench's stream on a Vert.x NetServer and NetClient: the client writes 64 KiB buffers until its
 * write queue is full and resumes in the drain handler; the server's handler counts, timed on the
 * server, and closes the connection when it has the timed bytes.
 */
public final class VertxStream implements NativeMeasurement {
  static final int CHUNK = 64 * 1024;
  private final long warmupBytes;
  private final long timedBytes;

  public VertxStream(long warmupBytes, long timedBytes) {
    this.warmupBytes = warmupBytes;
    this.timedBytes = timedBytes;
  }

  @Override
  public String name() {
    return "stream";
  }

  @Override
  public String runtime() {
    return "vertx";
  }

  @Override
  public Figures run() throws Exception {
    CompletableFuture<Figures> done = new CompletableFuture<>();
    try (VertxNet net = new VertxNet()) {
      NetServer server =
          net.server()
              .connectHandler(
                  socket -> {
                    StreamMeter meter = new StreamMeter(warmupBytes, timedBytes);
                    meter.begin();
                    socket.handler(
                        buf -> {
                          if (meter.received(buf.length())) {
                            done.complete(meter.figures());
                            socket.close();
                          }
                        });
                    socket.closeHandler(
                        v ->
                            done.completeExceptionally(
                                new java.io.EOFException("client stopped before the timed bytes")));
                  });
      VertxNet.await(server.listen(0));
      NetClient client = net.client();
      Buffer chunk = Buffer.buffer(new byte[CHUNK]);
      NetSocket socket =
          VertxNet.await(
              client
                  .connect(server.actualPort(), "127.0.0.1")
                  .onSuccess(s -> new Sender(s, chunk).pump()));
      try {
        return done.get(Limits.JOIN.toSeconds(), TimeUnit.SECONDS);
      } finally {
        VertxNet.await(socket.close());
        VertxNet.await(client.close());
        VertxNet.await(server.close());
      }
    }
  }

  /** Writes until the write queue is full, then waits for it to drain; stops when closed. */
  private static final class Sender {
    private final NetSocket socket;
    private final Buffer chunk;
    private boolean closed;

    Sender(NetSocket socket, Buffer chunk) {
      this.socket = socket;
      this.chunk = chunk;
      socket.closeHandler(v -> closed = true);
      // The server closes the connection once it has its bytes; a write that meets the close is
      // the end of the stream, not a failure.
      socket.exceptionHandler(e -> closed = true);
      socket.drainHandler(v -> pump());
    }

    void pump() {
      while (!closed && !socket.writeQueueFull()) {
        socket.write(chunk);
      }
    }
  }
}
