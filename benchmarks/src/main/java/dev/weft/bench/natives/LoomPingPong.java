package dev.weft.bench.natives;

import dev.weft.bench.Figures;
import dev.weft.bench.Latencies;
import dev.weft.bench.Limits;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * SpiBench's ping-pong on plain virtual threads and blocking JDK sockets: the client thread writes
 * 16 bytes, the server thread echoes them, each round trip timed on the client.
 */
public final class LoomPingPong implements NativeMeasurement {
  static final int SIZE = 16;
  private final int warmup;
  private final int recorded;

  public LoomPingPong(int warmup, int recorded) {
    this.warmup = warmup;
    this.recorded = recorded;
  }

  @Override
  public String name() {
    return "pingpong";
  }

  @Override
  public String runtime() {
    return "loom";
  }

  @Override
  public Figures run() throws Exception {
    try (ServerSocket listener = Loopback.listen();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Long> server = threads.submit(() -> echo(listener));
      Future<Figures> client = threads.submit(() -> ping(listener));
      Figures figures = client.get(Limits.JOIN.toSeconds(), TimeUnit.SECONDS);
      server.get(Limits.JOIN.toSeconds(), TimeUnit.SECONDS);
      return figures;
    }
  }

  private static long echo(ServerSocket listener) throws IOException {
    long echoed = 0;
    try (Socket socket = Loopback.accept(listener)) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buf = new byte[SIZE];
      while (in.readNBytes(buf, 0, SIZE) == SIZE) {
        out.write(buf);
        echoed++;
      }
    }
    return echoed;
  }

  private Figures ping(ServerSocket listener) throws IOException {
    try (Socket socket = Loopback.connect(listener)) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] msg = new byte[SIZE];
      byte[] reply = new byte[SIZE];
      long warmDeadline = System.nanoTime() + Limits.WARMUP_CAP.toNanos();
      for (int i = 0; i < warmup && System.nanoTime() < warmDeadline; i++) {
        roundTrip(in, out, msg, reply);
      }
      Latencies latencies = new Latencies(recorded);
      long start = System.nanoTime();
      long deadline = start + Limits.TIMED_CAP.toNanos();
      long now = start;
      while (!latencies.full() && now < deadline) {
        long t0 = now;
        roundTrip(in, out, msg, reply);
        now = System.nanoTime();
        latencies.add(now - t0);
      }
      return latencies.summarise(now - start);
    }
  }

  private static void roundTrip(InputStream in, OutputStream out, byte[] msg, byte[] reply)
      throws IOException {
    long t = System.nanoTime();
    for (int i = 0; i < Long.BYTES; i++) {
      msg[i] = (byte) (t >>> (8 * i));
    }
    out.write(msg);
    if (in.readNBytes(reply, 0, SIZE) != SIZE) {
      throw new EOFException("server closed during ping-pong");
    }
  }
}
