package dev.weft.bench;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Listener;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One connection over loopback, both ends tasks of the same runtime: the client writes 16 bytes,
 * the server echoes them, and each round trip is timed on the client with System.nanoTime.
 */
final class PingPong implements Measurement {
  static final int SIZE = 16;
  private final int warmup;
  private final int recorded;

  PingPong(int warmup, int recorded) {
    this.warmup = warmup;
    this.recorded = recorded;
  }

  @Override
  public String name() {
    return "pingpong";
  }

  @Override
  public Figures run(AsyncRuntime runtime) throws Exception {
    try (Listener listener = runtime.listen(new InetSocketAddress("127.0.0.1", 0))) {
      TaskHandle<Long> server =
          runtime.spawn(
              "pingpong-server",
              ctx -> {
                long echoed = 0;
                try (StreamSocket socket = listener.accept(ctx)) {
                  ByteBuffer buf = ByteBuffer.allocate(SIZE);
                  while (Sockets.readFully(ctx, socket, buf)) {
                    buf.flip();
                    socket.write(ctx, buf);
                    buf.clear();
                    echoed++;
                  }
                }
                return echoed;
              });
      Figures figures =
          runtime.runBlocking(
              "pingpong-client",
              ctx -> {
                try (StreamSocket socket =
                    runtime.connect(ctx, listener.localAddress(), Duration.ofSeconds(5))) {
                  ByteBuffer out = ByteBuffer.allocate(SIZE);
                  ByteBuffer in = ByteBuffer.allocate(SIZE);
                  long warmDeadline = System.nanoTime() + Limits.WARMUP_CAP.toNanos();
                  for (int i = 0; i < warmup && System.nanoTime() < warmDeadline; i++) {
                    roundTrip(ctx, socket, out, in);
                  }
                  Latencies latencies = new Latencies(recorded);
                  long start = System.nanoTime();
                  long deadline = start + Limits.TIMED_CAP.toNanos();
                  long now = start;
                  while (!latencies.full() && now < deadline) {
                    long t0 = now;
                    roundTrip(ctx, socket, out, in);
                    now = System.nanoTime();
                    latencies.add(now - t0);
                  }
                  return latencies.summarise(now - start);
                }
              });
      server.join(Limits.JOIN).value();
      return figures;
    }
  }

  private static void roundTrip(
      dev.weft.spi.Context ctx, StreamSocket socket, ByteBuffer out, ByteBuffer in)
      throws java.io.IOException {
    out.clear();
    out.putLong(0, System.nanoTime());
    socket.write(ctx, out);
    in.clear();
    if (!Sockets.readFully(ctx, socket, in)) {
      throw new java.io.EOFException("server closed during ping-pong");
    }
  }
}
