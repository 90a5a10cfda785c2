package dev.weft.backend.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.Signal;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Focused behaviour of the Netty runtime; the full contract is the TCK's job. */
class NettyRuntimeTest {
  private static final Duration EVENT = Duration.ofSeconds(10);
  private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

  private AsyncRuntime rt;

  @BeforeEach
  void open() {
    rt =
        new NettyBackend().open(RuntimeOptions.defaults().with(RuntimeOptions.CLOSE_GRACE, "PT2S"));
  }

  @AfterEach
  void close() {
    rt.close();
  }

  @Test
  void picksEpollOnLinuxByDefaultAndNioOnRequest() {
    if (System.getProperty("os.name").startsWith("Linux")
        && System.getProperty("os.arch").equals("amd64")) {
      assertTrue(
          Transport.epollAvailable(),
          "epoll should load on Linux x86_64: " + Transport.epollUnavailabilityCause());
    }
    assertEquals(Transport.epollAvailable() ? "epoll" : "nio", rt.transport());
    try (AsyncRuntime nio =
        new NettyBackend().open(RuntimeOptions.defaults().with("weft.netty.transport", "nio"))) {
      assertEquals("nio", nio.transport());
    }
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new NettyBackend()
                    .open(
                        RuntimeOptions.defaults().with("weft.netty.transport", "carrier-pigeon")));
    assertTrue(bad.getMessage().contains("weft.netty.transport"), bad.getMessage());
  }

  @Test
  void echoesBytesInOrderThroughHalfClose() throws Exception {
    byte[] payload = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(payload);
    Listener listener = rt.listen(ANY_LOOPBACK);
    TaskHandle<Long> server =
        rt.spawn(
            "echo-server",
            ctx -> {
              try (StreamSocket s = listener.accept(ctx)) {
                ByteBuffer buf = ByteBuffer.allocate(8192);
                long n = 0;
                while (true) {
                  buf.clear();
                  int r = s.read(ctx, buf);
                  if (r < 0) {
                    s.shutdownOutput();
                    return n;
                  }
                  buf.flip();
                  n += s.write(ctx, buf);
                }
              }
            });
    byte[] echoed =
        rt.runBlocking(
            "echo-client",
            ctx -> {
              try (StreamSocket c = rt.connect(ctx, listener.localAddress(), EVENT)) {
                assertEquals(Boolean.TRUE, c.getOption(java.net.StandardSocketOptions.TCP_NODELAY));
                TaskHandle<Long> writer =
                    rt.spawn(
                        "echo-client-writer",
                        wctx -> {
                          long n =
                              c.write(
                                  wctx,
                                  ByteBuffer.wrap(payload, 0, 1000),
                                  ByteBuffer.wrap(payload, 1000, payload.length - 1000));
                          c.shutdownOutput();
                          return n;
                        });
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(5000);
                while (true) {
                  buf.clear();
                  int r = c.read(ctx, buf);
                  if (r < 0) {
                    break;
                  }
                  got.write(buf.array(), 0, r);
                }
                assertEquals((long) payload.length, writer.join(EVENT).value());
                return got.toByteArray();
              }
            });
    assertEquals(
        (long) payload.length, server.join(EVENT).value(), "bytes the server read and echoed");
    assertArrayEquals(payload, echoed);
  }

  @Test
  void bufferSizesReadBackAsTheJdkReportsThemOnEveryTransport() throws Exception {
    int rcv;
    try (java.net.Socket probe = new java.net.Socket()) {
      probe.setReceiveBufferSize(48 * 1024);
      rcv = probe.getReceiveBufferSize();
    }
    for (String transport : Transport.epollAvailable() ? List.of("epoll", "nio") : List.of("nio")) {
      RuntimeOptions o =
          RuntimeOptions.defaults()
              .with("weft.netty.transport", transport)
              .with(RuntimeOptions.SOCKET_RECEIVE_BUFFER, Integer.toString(48 * 1024));
      try (AsyncRuntime own = new NettyBackend().open(o);
          Listener listener = own.listen(ANY_LOOPBACK)) {
        int got =
            own.runBlocking(
                "probe",
                ctx -> {
                  try (StreamSocket c = own.connect(ctx, listener.localAddress(), EVENT)) {
                    return c.getOption(java.net.StandardSocketOptions.SO_RCVBUF);
                  }
                });
        assertEquals(rcv, got, "SO_RCVBUF on " + transport);
      }
    }
  }

  @Test
  void listensAndConnectsOnIpv6Loopback() throws Exception {
    java.net.InetAddress v6 = java.net.InetAddress.getByName("::1");
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, v6)) {
      org.junit.jupiter.api.Assumptions.assumeTrue(probe.getLocalPort() > 0);
    } catch (java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e);
    }
    Listener listener = rt.listen(new InetSocketAddress(v6, 0));
    assertEquals(v6, listener.localAddress().getAddress());
    TaskHandle<Integer> server =
        rt.spawn(
            "v6-server",
            ctx -> {
              try (StreamSocket s = listener.accept(ctx)) {
                return s.read(ctx, ByteBuffer.allocate(8));
              }
            });
    rt.runBlocking(
        "v6-client",
        ctx -> {
          try (StreamSocket c = rt.connect(ctx, listener.localAddress(), EVENT)) {
            assertEquals(v6, c.remoteAddress().getAddress());
            return c.write(ctx, ByteBuffer.wrap(new byte[] {1, 2, 3}));
          }
        });
    assertEquals(3, server.join(EVENT).value());
  }

  @Test
  void writesMoreThanTheKernelHoldsAfterThePeerHalfClosedAndThenIdlesQuietly() throws Exception {
    // After the peer's FIN the channel has no read interest left; a write that then fills the
    // kernel buffer needs write interest, which Netty 4.2.18's epoll fails to add unless
    // EpollInterestGuard keeps the fd registered. Once both directions are shut the process must
    // go quiet again: a hung-up fd left registered would wake its loop continuously.
    int total = 32 * 1024 * 1024;
    Listener listener = rt.listen(ANY_LOOPBACK);
    Signal drain = rt.newSignal();
    Signal serverGo = rt.newSignal();
    Signal clientGo = rt.newSignal();
    AtomicReference<NettyTaskContext> writerTask = new AtomicReference<>();
    AtomicLong offered = new AtomicLong();
    AtomicLong finished = new AtomicLong();
    TaskHandle<Long> server =
        rt.spawn(
            "late-writer",
            ctx -> {
              writerTask.set((NettyTaskContext) ctx);
              try (StreamSocket s = listener.accept(ctx)) {
                ByteBuffer in = ByteBuffer.allocate(64);
                while (s.read(ctx, in) >= 0) {
                  in.clear();
                }
                offered.set(total);
                long n = s.write(ctx, ByteBuffer.allocate(total));
                s.shutdownOutput();
                finished.incrementAndGet();
                ctx.waitReadable(serverGo, EVENT);
                return n;
              }
            });
    TaskHandle<Long> client =
        rt.spawn(
            "half-closer",
            ctx -> {
              try (StreamSocket c = rt.connect(ctx, listener.localAddress(), EVENT)) {
                c.write(ctx, ByteBuffer.wrap(new byte[] {1}));
                c.shutdownOutput();
                ctx.waitReadable(drain, EVENT);
                ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                long n = 0;
                while (true) {
                  buf.clear();
                  int r = c.read(ctx, buf);
                  if (r < 0) {
                    finished.incrementAndGet();
                    ctx.waitReadable(clientGo, EVENT);
                    return n;
                  }
                  n += r;
                }
              }
            });
    // The writer is parked on a full channel while the client still reads nothing.
    awaitTrue(
        "writer blocked after the peer's half-close",
        () -> offered.get() > 0 && writerTask.get().thread().getState() == Thread.State.WAITING);
    drain.raise();
    awaitTrue("every byte read and both directions shut", () -> finished.get() == 2);
    // A spinning loop burns a whole core, the full window; JIT and GC on a busy CI host stay far
    // below half.
    long busyMillis = processCpuMillisOver(Duration.ofMillis(1000));
    serverGo.raise();
    clientGo.raise();
    assertEquals((long) total, server.join(EVENT).value());
    assertEquals((long) total, client.join(EVENT).value());
    if (busyMillis >= 0) {
      assertTrue(
          busyMillis < 500,
          "the process used "
              + busyMillis
              + " ms of CPU in 1000 ms with both"
              + " directions shut and nothing to do: an event loop is spinning");
    }
  }

  /**
   * CPU the whole process used over {@code window} (Linux /proc), or -1 where that is not readable.
   */
  private static long processCpuMillisOver(Duration window) throws Exception {
    long before = processCpuTicks();
    long start = System.nanoTime();
    awaitTrue("the measuring window", () -> System.nanoTime() - start >= window.toNanos());
    long after = processCpuTicks();
    // Linux's USER_HZ is 100 on every mainstream configuration: one tick is 10 ms.
    return before < 0 || after < 0 ? -1 : (after - before) * 10;
  }

  private static long processCpuTicks() {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  @Test
  void signalPingPongLosesNoWake() throws Exception {
    int rounds = 20_000;
    Signal ping = rt.newSignal();
    Signal pong = rt.newSignal();
    TaskHandle<Integer> responder =
        rt.spawn(
            "pong",
            ctx -> {
              for (int i = 0; i < rounds; i++) {
                ctx.waitReadable(ping, EVENT);
                pong.raise();
              }
              return rounds;
            });
    int done =
        rt.runBlocking(
            "ping",
            ctx -> {
              for (int i = 0; i < rounds; i++) {
                ping.raise();
                ctx.waitReadable(pong, EVENT);
              }
              return rounds;
            });
    assertEquals(rounds, done);
    assertEquals(rounds, responder.join(EVENT).value());
  }

  @Test
  void cancelWakesABlockedReadPromptly() throws Exception {
    Listener listener = rt.listen(ANY_LOOPBACK);
    AtomicReference<StreamSocket> accepted = new AtomicReference<>();
    TaskHandle<Void> acceptor =
        rt.spawn(
            "acceptor",
            ctx -> {
              accepted.set(listener.accept(ctx));
              return null;
            });
    AtomicReference<NettyTaskContext> readerTask = new AtomicReference<>();
    TaskHandle<Integer> reader =
        rt.spawn(
            "reader",
            ctx -> {
              readerTask.set((NettyTaskContext) ctx);
              StreamSocket c = rt.connect(ctx, listener.localAddress(), EVENT);
              return c.read(ctx, ByteBuffer.allocate(16));
            });
    acceptor.join(EVENT);
    awaitTrue(
        "reader parked in read",
        () ->
            readerTask.get() != null
                && readerTask.get().thread().getState() == Thread.State.WAITING);
    long t0 = System.nanoTime();
    reader.cancel();
    Outcome<Integer> outcome = reader.join(EVENT);
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertInstanceOf(Outcome.Cancelled.class, outcome);
    assertTrue(tookMs < 500, "cancel took " + tookMs + " ms");
    accepted.get().close();
  }

  @Test
  void closeWakesAReaderWithSocketClosed() throws Exception {
    Listener listener = rt.listen(ANY_LOOPBACK);
    AtomicReference<StreamSocket> client = new AtomicReference<>();
    AtomicReference<NettyTaskContext> readerTask = new AtomicReference<>();
    TaskHandle<Integer> reader =
        rt.spawn(
            "reader",
            ctx -> {
              readerTask.set((NettyTaskContext) ctx);
              client.set(rt.connect(ctx, listener.localAddress(), EVENT));
              return client.get().read(ctx, ByteBuffer.allocate(16));
            });
    awaitTrue(
        "reader parked in read",
        () -> client.get() != null && readerTask.get().thread().getState() == Thread.State.WAITING);
    client.get().close();
    Outcome<Integer> outcome = reader.join(EVENT);
    assertInstanceOf(Outcome.Failure.class, outcome);
    assertInstanceOf(SocketClosedException.class, ((Outcome.Failure<Integer>) outcome).error());
  }

  @Test
  void writeBlocksOnAPeerThatDoesNotRead() throws Exception {
    long total = 256L * 1024 * 1024;
    Listener listener = rt.listen(ANY_LOOPBACK);
    AtomicReference<StreamSocket> peer = new AtomicReference<>();
    AtomicLong written = new AtomicLong();
    AtomicReference<NettyTaskContext> writerTask = new AtomicReference<>();
    TaskHandle<Void> acceptor =
        rt.spawn(
            "acceptor",
            ctx -> {
              peer.set(listener.accept(ctx));
              return null;
            });
    TaskHandle<Long> writer =
        rt.spawn(
            "writer",
            ctx -> {
              writerTask.set((NettyTaskContext) ctx);
              try (StreamSocket c = rt.connect(ctx, listener.localAddress(), EVENT)) {
                ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
                while (written.get() < total) {
                  chunk.clear();
                  written.addAndGet(c.write(ctx, chunk));
                }
                c.shutdownOutput();
                return written.get();
              }
            });
    acceptor.join(EVENT);
    awaitTrue(
        "writer blocked by the non-reading peer",
        () -> written.get() > 0 && writerTask.get().thread().getState() == Thread.State.WAITING);
    long blockedAt = written.get();
    assertTrue(
        blockedAt < total / 4,
        "writer got " + blockedAt + " bytes out to a peer that reads nothing");
    // The peer now drains everything: the blocked writer must resume and finish.
    long drained =
        rt.runBlocking(
            "drain",
            ctx -> {
              ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
              long n = 0;
              while (true) {
                buf.clear();
                int r = peer.get().read(ctx, buf);
                if (r < 0) {
                  return n;
                }
                n += r;
              }
            });
    assertEquals(total, drained);
    assertEquals(total, writer.join(EVENT).value());
    peer.get().close();
  }

  @Test
  void closeLeavesNoThreadBehind() throws Exception {
    AsyncRuntime own =
        new NettyBackend().open(RuntimeOptions.defaults().with(RuntimeOptions.CLOSE_GRACE, "PT1S"));
    Listener listener = own.listen(ANY_LOOPBACK);
    AtomicReference<Thread> taskThread = new AtomicReference<>();
    own.spawn(
        "blocked-acceptor",
        ctx -> {
          taskThread.set(Thread.currentThread());
          return listener.accept(ctx);
        });
    own.runBlocking("connector", ctx -> own.connect(ctx, listener.localAddress(), EVENT));
    String prefix = "weft-netty-" + ((NettyRuntime) own).id() + "-";
    assertTrue(loopThreads(prefix).size() > 0, "expected running loop threads named " + prefix);
    own.close();
    assertEquals(List.of(), loopThreads(prefix));
    assertTrue(!taskThread.get().isAlive(), "task thread still alive after close");
    own.close();
  }

  private static List<String> loopThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(prefix))
        .toList();
  }

  @Test
  void writeCallsMadeWhileTheLoopIsBusyLeaveAsOneBatchWithOneFlush() throws Exception {
    Listener listener = rt.listen(ANY_LOOPBACK);
    TaskHandle<StreamSocket> acceptor = rt.spawn("acceptor", listener::accept);
    StreamSocket client =
        rt.runBlocking("connect", ctx -> rt.connect(ctx, listener.localAddress(), EVENT));
    StreamSocket server = acceptor.join(EVENT).value();
    io.netty.channel.Channel ch = ((NettySocket) client).channel();
    AtomicInteger flushes = new AtomicInteger();
    ch.eventLoop()
        .submit(
            () ->
                ch.pipeline()
                    .addFirst(
                        new io.netty.channel.ChannelOutboundHandlerAdapter() {
                          @Override
                          public void flush(io.netty.channel.ChannelHandlerContext ctx) {
                            flushes.incrementAndGet();
                            ctx.flush();
                          }
                        }))
        .get(10, TimeUnit.SECONDS);
    // Hold the client's loop so that every write call below is queued before any drain runs.
    CountDownLatch loopHeld = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ch.eventLoop()
        .execute(
            () -> {
              loopHeld.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    assertTrue(loopHeld.await(10, TimeUnit.SECONDS));
    int calls = 200;
    rt.runBlocking(
        "writer",
        ctx -> {
          for (int i = 0; i < calls; i++) {
            client.write(ctx, ByteBuffer.wrap(new byte[] {(byte) i}));
          }
          return null;
        });
    release.countDown();
    byte[] got =
        rt.runBlocking(
            "reader",
            ctx -> {
              ByteBuffer in = ByteBuffer.allocate(calls);
              while (in.hasRemaining()) {
                assertTrue(server.read(ctx, in) >= 0, "EOF before every byte arrived");
              }
              return in.array();
            });
    for (int i = 0; i < calls; i++) {
      assertEquals((byte) i, got[i], "byte " + i);
    }
    assertEquals(
        1,
        flushes.get(),
        calls + " write calls made while the loop was busy should leave in one batch");
    client.close();
    server.close();
  }

  private static void awaitTrue(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + EVENT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
