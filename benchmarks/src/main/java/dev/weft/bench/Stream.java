package dev.weft.bench;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Listener;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection over loopback: the client task writes 64 KiB buffers, the server task reads and
 * counts. Timing is on the server, from the end of the warm-up bytes to the end of the timed bytes
 * (or the cap); MB means 10^6 bytes.
 */
final class Stream implements Measurement {
  static final int CHUNK = 64 * 1024;
  private final long warmupBytes;
  private final long timedBytes;

  Stream(long warmupBytes, long timedBytes) {
    this.warmupBytes = warmupBytes;
    this.timedBytes = timedBytes;
  }

  @Override
  public String name() {
    return "stream";
  }

  @Override
  public Figures run(AsyncRuntime runtime) throws Exception {
    AtomicBoolean enough = new AtomicBoolean();
    try (Listener listener = runtime.listen(new InetSocketAddress("127.0.0.1", 0))) {
      TaskHandle<Figures> server =
          runtime.spawn(
              "stream-server",
              ctx -> {
                try (StreamSocket socket = listener.accept(ctx)) {
                  ByteBuffer buf = ByteBuffer.allocate(CHUNK);
                  long total = 0;
                  long warmDeadline = System.nanoTime() + Limits.WARMUP_CAP.toNanos();
                  while (total < warmupBytes && System.nanoTime() < warmDeadline) {
                    int n = socket.read(ctx, buf.clear());
                    if (n < 0) {
                      throw new java.io.EOFException("client stopped during warm-up");
                    }
                    total += n;
                  }
                  long start = System.nanoTime();
                  long deadline = start + Limits.TIMED_CAP.toNanos();
                  long timed = 0;
                  long now = start;
                  while (timed < timedBytes && now < deadline) {
                    int n = socket.read(ctx, buf.clear());
                    if (n < 0) {
                      throw new java.io.EOFException("client stopped while timed");
                    }
                    timed += n;
                    now = System.nanoTime();
                  }
                  enough.set(true);
                  // Drain to EOF so a writer blocked on a full buffer (WRITE-2) gets to see the
                  // flag.
                  while (socket.read(ctx, buf.clear()) >= 0) {
                    // discard
                  }
                  return new Figures()
                      .put("MB/s", timed / 1e6 / ((now - start) / 1e9))
                      .put("MB timed", timed / 1e6);
                }
              });
      runtime.runBlocking(
          "stream-client",
          ctx -> {
            try (StreamSocket socket =
                runtime.connect(ctx, listener.localAddress(), Duration.ofSeconds(5))) {
              ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
              while (!enough.get()) {
                socket.write(ctx, chunk.clear());
              }
              socket.shutdownOutput();
            }
            return null;
          });
      return server.join(Limits.JOIN).value();
    }
  }
}
