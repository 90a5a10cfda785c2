package dev.weft.backend.loom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.Backend;
import dev.weft.spi.Backends;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.Signal;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoomBackendTest {
  private static final Duration EVENT = Duration.ofSeconds(5);
  private static final InetSocketAddress LOOPBACK =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private LoomRuntime rt;

  @BeforeEach
  void open() {
    rt = (LoomRuntime) new LoomBackend().open(RuntimeOptions.defaults());
  }

  @AfterEach
  void close() {
    rt.close();
  }

  @Test
  void isFoundByServiceLoader() {
    Backend b = Backends.named("loom");
    assertInstanceOf(LoomBackend.class, b);
    assertEquals("jdk", rt.transport());
  }

  @Test
  void signalPingPongNeverLosesAWake() throws Exception {
    int rounds = 100_000;
    Signal ping = rt.newSignal();
    Signal pong = rt.newSignal();
    TaskHandle<Integer> ponger =
        rt.spawn(
            "ponger",
            ctx -> {
              for (int i = 0; i < rounds; i++) {
                ctx.waitReadable(ping, EVENT);
                pong.raise();
              }
              return rounds;
            });
    int done =
        rt.runBlocking(
            "pinger",
            ctx -> {
              for (int i = 0; i < rounds; i++) {
                ping.raise();
                ctx.waitReadable(pong, EVENT);
              }
              return rounds;
            });
    assertEquals(rounds, done);
    assertEquals(rounds, ponger.join(EVENT).value());
  }

  @Test
  void echoesAMebibyteOverLoopback() throws Exception {
    Listener listener = rt.listen(LOOPBACK);
    TaskHandle<Long> server =
        rt.spawn(
            "echo",
            ctx -> {
              try (StreamSocket s = listener.accept(ctx)) {
                ByteBuffer buf = ByteBuffer.allocate(8192);
                long total = 0;
                int n;
                while ((n = s.read(ctx, buf.clear())) >= 0) {
                  total += n;
                  s.write(ctx, buf.flip());
                }
                s.shutdownOutput();
                return total;
              }
            });
    byte[] payload = new byte[1 << 20];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31 + 7);
    }
    byte[] back =
        rt.runBlocking(
            "client",
            ctx -> {
              try (StreamSocket c = rt.connect(ctx, listener.localAddress(), EVENT)) {
                assertTrue(c.getOption(StandardSocketOptions.TCP_NODELAY));
                TaskHandle<Long> writer =
                    rt.spawn(
                        "client-writer",
                        wctx -> {
                          long w = c.write(wctx, ByteBuffer.wrap(payload));
                          c.shutdownOutput();
                          return w;
                        });
                ByteBuffer in = ByteBuffer.allocate(payload.length + 1);
                while (c.read(ctx, in) >= 0) {
                  // keep reading until the echo ends
                }
                assertEquals(payload.length, writer.join(EVENT).value());
                return Arrays.copyOf(in.array(), in.position());
              }
            });
    assertEquals((long) payload.length, server.join(EVENT).value());
    assertTrue(Arrays.equals(payload, back), "echoed bytes differ");
    listener.close();
  }

  @Test
  void cancelWakesAReadPromptlyAndLeavesTheSocketUsable() throws Exception {
    try (Listener listener = rt.listen(LOOPBACK)) {
      CompletableFuture<StreamSocket> accepted = new CompletableFuture<>();
      rt.spawn("acceptor", ctx -> accepted.complete(listener.accept(ctx)));
      CompletableFuture<StreamSocket> connected = new CompletableFuture<>();
      TaskHandle<Integer> reader =
          rt.spawn(
              "reader",
              ctx -> {
                StreamSocket c = rt.connect(ctx, listener.localAddress(), EVENT);
                connected.complete(c);
                return c.read(ctx, ByteBuffer.allocate(16));
              });
      StreamSocket c = connected.get(5, TimeUnit.SECONDS);
      awaitParked(reader);
      long t0 = System.nanoTime();
      reader.cancel();
      Outcome<Integer> o = reader.join(EVENT);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertInstanceOf(Outcome.Cancelled.class, o);
      // CANCEL-4's 100 ms is the TCK's to judge (with its load scaling); here: promptly, not by a
      // timeout.
      assertTrue(ms < 1000, "cancel took " + ms + " ms");
      // The channel survived the cancel: data sent now still arrives.
      StreamSocket server = accepted.get(5, TimeUnit.SECONDS);
      int n =
          rt.runBlocking(
              "after",
              ctx -> {
                server.write(ctx, ByteBuffer.wrap(new byte[] {42}));
                ByteBuffer one = ByteBuffer.allocate(1);
                int r = c.read(ctx, one);
                assertEquals(42, one.get(0));
                return r;
              });
      assertEquals(1, n);
      c.close();
      server.close();
    }
  }

  @Test
  void closeWakesAReadWithSocketClosed() throws Exception {
    try (Listener listener = rt.listen(LOOPBACK)) {
      rt.spawn("acceptor", ctx -> listener.accept(ctx));
      CompletableFuture<StreamSocket> connected = new CompletableFuture<>();
      TaskHandle<Integer> reader =
          rt.spawn(
              "reader",
              ctx -> {
                StreamSocket c = rt.connect(ctx, listener.localAddress(), EVENT);
                connected.complete(c);
                return c.read(ctx, ByteBuffer.allocate(16));
              });
      StreamSocket c = connected.get(5, TimeUnit.SECONDS);
      awaitParked(reader);
      c.close();
      c.close();
      Outcome<Integer> o = reader.join(EVENT);
      assertInstanceOf(Outcome.Failure.class, o);
      assertInstanceOf(SocketClosedException.class, ((Outcome.Failure<Integer>) o).error());
      assertEquals(listener.localAddress().getPort(), c.remoteAddress().getPort());
    }
  }

  @Test
  void writeBlocksWhenThePeerDoesNotRead() throws Exception {
    try (Listener listener = rt.listen(LOOPBACK)) {
      CompletableFuture<StreamSocket> accepted = new CompletableFuture<>();
      rt.spawn("acceptor", ctx -> accepted.complete(listener.accept(ctx)));
      AtomicLong written = new AtomicLong();
      CompletableFuture<StreamSocket> connected = new CompletableFuture<>();
      TaskHandle<Long> writer =
          rt.spawn(
              "writer",
              ctx -> {
                StreamSocket c = rt.connect(ctx, listener.localAddress(), EVENT);
                connected.complete(c);
                ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
                while (true) {
                  written.addAndGet(c.write(ctx, chunk.clear()));
                }
              });
      StreamSocket c = connected.get(5, TimeUnit.SECONDS);
      accepted.get(5, TimeUnit.SECONDS);
      // A peer that never reads: the writer must stall (no progress for 300 ms), well short
      // of 64 MiB; kernel buffers plus our 256 KiB queue hold a few MiB at most.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      long last = -1;
      int quiet = 0;
      while (quiet < 3) {
        assertTrue(
            System.nanoTime() < deadline, "the writer never stalled; wrote " + written.get());
        assertThrows(WaitTimeoutException.class, () -> writer.join(Duration.ofMillis(100)));
        long now = written.get();
        quiet = now == last ? quiet + 1 : 0;
        last = now;
      }
      assertTrue(last < 64L << 20, "wrote " + last);
      c.close();
      Outcome<Long> o = writer.join(EVENT);
      assertInstanceOf(SocketClosedException.class, ((Outcome.Failure<Long>) o).error());
    }
  }

  @Test
  void closeLeavesNoThreadBehind() throws Exception {
    Listener listener = rt.listen(LOOPBACK);
    CompletableFuture<StreamSocket> accepted = new CompletableFuture<>();
    rt.spawn(
        "acceptor",
        ctx -> {
          while (true) {
            accepted.complete(listener.accept(ctx));
          }
        });
    rt.spawn(
        "sleeper",
        ctx -> {
          ctx.sleep(Duration.ofHours(1));
          return null;
        });
    rt.runBlocking("client", ctx -> rt.connect(ctx, listener.localAddress(), EVENT));
    // The server side's pumps exist once accept returned; connect can return before that.
    accepted.get(5, TimeUnit.SECONDS);
    // Two tasks, the accept pump, and a read and a write pump per socket end.
    assertTrue(rt.liveThreads() >= 7, "threads: " + rt.liveThreads());
    long t0 = System.nanoTime();
    rt.close();
    assertEquals(0, rt.liveThreads());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "close was slow");
    assertThrows(dev.weft.spi.RuntimeShutdownException.class, () -> rt.spawn("late", ctx -> 1));
  }

  @Test
  void ipv6LoopbackWorks() throws Exception {
    try (Listener listener = rt.listen(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
      rt.spawn(
          "echo",
          ctx -> {
            try (StreamSocket s = listener.accept(ctx)) {
              ByteBuffer b = ByteBuffer.allocate(4);
              while (b.hasRemaining()) {
                s.read(ctx, b);
              }
              return s.write(ctx, b.flip());
            }
          });
      String back =
          rt.runBlocking(
              "client",
              ctx -> {
                try (StreamSocket c = rt.connect(ctx, listener.localAddress(), EVENT)) {
                  c.write(ctx, ByteBuffer.wrap("v6ok".getBytes()));
                  ByteBuffer b = ByteBuffer.allocate(4);
                  while (b.hasRemaining() && c.read(ctx, b) >= 0) {
                    // read all four
                  }
                  return new String(b.array());
                }
              });
      assertEquals("v6ok", back);
    }
  }

  @Test
  void connectToAClosedPortIsRefusedPromptly() throws Exception {
    InetSocketAddress dead;
    try (Listener l = rt.listen(LOOPBACK)) {
      dead = l.localAddress();
    }
    long t0 = System.nanoTime();
    assertThrows(
        java.net.ConnectException.class,
        () -> rt.runBlocking("refused", ctx -> rt.connect(ctx, dead, EVENT)));
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "refusal took over a second");
  }

  @Test
  void shutdownReportsTheTaskThatIgnoredItsCancel() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Signal never = rt.newSignal();
    TaskHandle<Object> stubborn =
        rt.spawn(
            "stubborn",
            ctx -> {
              try {
                ctx.waitReadable(never, dev.weft.spi.Context.FOREVER);
              } catch (dev.weft.spi.TaskCancelledException ignored) {
                release.await();
              }
              return "late";
            });
    TaskHandle<Object> polite =
        rt.spawn(
            "polite",
            ctx -> {
              ctx.sleep(Duration.ofHours(1));
              return null;
            });
    awaitParked(stubborn);
    awaitParked(polite);
    long t0 = System.nanoTime();
    dev.weft.spi.ShutdownReport report = rt.shutdown(Duration.ofMillis(200));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertEquals(java.util.List.of("stubborn"), report.unfinishedTasks());
    assertTrue(ms >= 200 && ms < 1200, "shutdown took " + ms + " ms");
    assertInstanceOf(Outcome.Cancelled.class, polite.join(EVENT));
    release.countDown();
    assertEquals("late", stubborn.join(EVENT).value());
  }

  @Test
  void anInterruptNeitherEndsNorSpinsASuspensionAndIsKept() throws Exception {
    boolean[] kept = new boolean[1];
    long took =
        rt.runBlocking(
            "interrupted",
            ctx -> {
              Thread.currentThread().interrupt();
              long t0 = System.nanoTime();
              assertThrows(
                  WaitTimeoutException.class,
                  () -> ctx.waitReadable(rt.newSignal(), Duration.ofMillis(50)));
              ctx.sleep(Duration.ofMillis(20));
              kept[0] = Thread.interrupted();
              return System.nanoTime() - t0;
            });
    assertTrue(
        took >= TimeUnit.MILLISECONDS.toNanos(70), "suspensions ended early: " + took + " ns");
    assertTrue(kept[0], "the interrupt status was lost");
  }

  @Test
  void closeStillDeliversWhatWriteAccepted() throws Exception {
    int size = 200 * 1024; // under the 256 KiB write bound: write returns before the peer reads
    try (Listener listener = rt.listen(LOOPBACK)) {
      rt.spawn(
          "writer",
          ctx -> {
            StreamSocket s = listener.accept(ctx);
            s.write(ctx, ByteBuffer.allocate(size));
            s.close();
            return null;
          });
      long got =
          rt.runBlocking(
              "reader",
              ctx -> {
                try (StreamSocket c = rt.connect(ctx, listener.localAddress(), EVENT)) {
                  ByteBuffer buf = ByteBuffer.allocate(8192);
                  long n = 0;
                  int r;
                  while ((r = c.read(ctx, buf.clear())) >= 0) {
                    n += r;
                  }
                  return n;
                }
              });
      assertEquals(size, got);
    }
  }

  /** Waits, with a deadline, until the task's thread is parked (in its read). */
  private static void awaitParked(TaskHandle<?> h) throws IOException {
    Thread t = ((dev.weft.backend.kit.VirtualTask<?>) h).thread();
    long deadline = System.nanoTime() + EVENT.toNanos();
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline) {
        throw new IOException("task never parked: " + t.getState());
      }
      Thread.onSpinWait();
    }
  }
}
