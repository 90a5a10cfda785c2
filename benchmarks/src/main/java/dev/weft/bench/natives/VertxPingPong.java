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
 * SpiBench's ping-pong on a Vert.x NetServer and NetClient: the server's handler writes back what
 * it receives, the client's handler times each whole 16-byte reply and sends the next ping.
 */
public final class VertxPingPong implements NativeMeasurement {
  static final int SIZE = 16;
  private final int warmup;
  private final int recorded;

  public VertxPingPong(int warmup, int recorded) {
    this.warmup = warmup;
    this.recorded = recorded;
  }

  @Override
  public String name() {
    return "pingpong";
  }

  @Override
  public String runtime() {
    return "vertx";
  }

  @Override
  public Figures run() throws Exception {
    try (VertxNet net = new VertxNet()) {
      NetServer server = net.server().connectHandler(socket -> socket.handler(socket::write));
      VertxNet.await(server.listen(0));
      NetClient client = net.client();
      CompletableFuture<Figures> done = new CompletableFuture<>();
      RoundTripClock clock = new RoundTripClock(warmup, recorded);
      // The connect callback runs on the socket's event loop, so the clock is only ever touched
      // there.
      NetSocket socket =
          VertxNet.await(
              client
                  .connect(server.actualPort(), "127.0.0.1")
                  .onSuccess(s -> new Pinger(s, clock, done).start()));
      try {
        return done.get(Limits.JOIN.toSeconds(), TimeUnit.SECONDS);
      } finally {
        VertxNet.await(socket.close());
        VertxNet.await(client.close());
        VertxNet.await(server.close());
      }
    }
  }

  /** Sends a ping, waits for all 16 bytes of the echo, times it, sends the next. */
  private static final class Pinger {
    private final NetSocket socket;
    private final RoundTripClock clock;
    private final CompletableFuture<Figures> done;
    private int pending;

    Pinger(NetSocket socket, RoundTripClock clock, CompletableFuture<Figures> done) {
      this.socket = socket;
      this.clock = clock;
      this.done = done;
    }

    void start() {
      socket.handler(this::received);
      socket.closeHandler(
          v -> done.completeExceptionally(new java.io.EOFException("closed during ping-pong")));
      socket.exceptionHandler(done::completeExceptionally);
      clock.begin();
      ping();
    }

    private void received(Buffer buf) {
      pending -= buf.length();
      if (pending > 0 || done.isDone()) {
        return;
      }
      if (clock.replied()) {
        ping();
      } else {
        done.complete(clock.figures());
      }
    }

    private void ping() {
      pending = SIZE;
      socket.write(Buffer.buffer(SIZE).appendLong(System.nanoTime()).appendLong(0));
    }
  }
}
