package dev.weft.bench.natives;

import dev.weft.bench.Figures;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SpiBench's stream on plain virtual threads and blocking JDK sockets: the client thread writes 64
 * KiB arrays, the server thread reads and counts, timed on the server.
 */
public final class LoomStream implements NativeMeasurement {
  static final int CHUNK = 64 * 1024;
  private final long warmupBytes;
  private final long timedBytes;

  public LoomStream(long warmupBytes, long timedBytes) {
    this.warmupBytes = warmupBytes;
    this.timedBytes = timedBytes;
  }

  @Override
  public String name() {
    return "stream";
  }

  @Override
  public String runtime() {
    return "loom";
  }

  @Override
  public Figures run() throws Exception {
    AtomicBoolean enough = new AtomicBoolean();
    try (ServerSocket listener = Loopback.listen();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Figures> server = threads.submit(() -> receive(listener, enough));
      Future<Void> client = threads.submit(() -> send(listener, enough));
      Figures figures = server.get(Limits.JOIN.toSeconds(), TimeUnit.SECONDS);
      client.get(Limits.JOIN.toSeconds(), TimeUnit.SECONDS);
      return figures;
    }
  }

  private Figures receive(ServerSocket listener, AtomicBoolean enough) throws IOException {
    try (Socket socket = Loopback.accept(listener)) {
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[CHUNK];
      StreamMeter meter = new StreamMeter(warmupBytes, timedBytes);
      meter.begin();
      boolean done = false;
      while (!done) {
        int n = in.read(buf);
        if (n < 0) {
          throw new EOFException("client stopped before the timed bytes arrived");
        }
        done = meter.received(n);
      }
      enough.set(true);
      // Drain to EOF so a writer blocked on a full socket buffer gets to see the flag.
      while (in.read(buf) >= 0) {
        // discard
      }
      return meter.figures();
    }
  }

  private static Void send(ServerSocket listener, AtomicBoolean enough) throws IOException {
    try (Socket socket = Loopback.connect(listener)) {
      OutputStream out = socket.getOutputStream();
      byte[] chunk = new byte[CHUNK];
      while (!enough.get()) {
        out.write(chunk);
      }
      socket.shutdownOutput();
    }
    return null;
  }
}
