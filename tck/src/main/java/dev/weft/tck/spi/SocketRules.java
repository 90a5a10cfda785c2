package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.Task;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.tck.Rule;
import dev.weft.tck.TckTarget;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/** CONN, LISTEN, READ, WRITE, HALF, CLOSE and SOCK rules: TCP sockets against a plain JDK peer. */
final class SocketRules extends Fixture {
  SocketRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "CONN-1",
            "connecting where nothing listens fails with ConnectException within 1 s",
            this::refused),
        Rule.required(
            target,
            "CONN-2",
            "a connect that never completes fails with SocketTimeoutException after its timeout",
            this::connectTimeout),
        Rule.required(
            target,
            "LISTEN-1",
            "port 0 binds an ephemeral port that localAddress() reports",
            this::ephemeralPort),
        Rule.required(
            target,
            "LISTEN-2",
            "accept returns one connected socket per peer, with addresses set",
            this::accepts),
        Rule.required(
            target,
            "LISTEN-3",
            "close is idempotent, wakes a suspended accept promptly, and refuses new connections",
            this::listenerClose),
        Rule.required(
            target,
            "READ-1",
            "read returns a positive count, -1 at EOF, and 0 at once with no room",
            this::readCounts),
        Rule.required(
            target,
            "READ-2",
            "reads are partial: a read returns what has arrived",
            this::partialReads),
        Rule.required(
            target,
            "READ-3",
            "one reader and one writer at a time, concurrently; a second one throws IllegalStateException",
            this::oneReaderOneWriter),
        Rule.required(
            target,
            "WRITE-1",
            "a gathering write writes every byte in order, advances every buffer, returns the total",
            this::gatheringWrite),
        Rule.required(
            target,
            "WRITE-2",
            "writes are bounded: a peer that does not read blocks the writer",
            this::boundedWrite),
        Rule.required(
            target,
            "HALF-1",
            "shutdownOutput sends EOF after every written byte; the peer can still answer",
            this::halfClose),
        Rule.required(
            target,
            "CLOSE-1",
            "close is idempotent and may be called from any thread",
            this::closeAnyThread),
        Rule.required(
            target,
            "CLOSE-2",
            "a task suspended in read, write or a wait wakes promptly with SocketClosedException on close",
            this::closeWakes),
        Rule.required(
            target,
            "CLOSE-3",
            "after close, read and write throw SocketClosedException and the peer sees EOF or a reset",
            this::afterClose),
        Rule.required(target, "SOCK-1", "TCP_NODELAY is on by default", this::noDelay),
        Rule.required(
            target,
            "SOCK-2",
            "local and remote addresses are set on both sides and still answer after close",
            this::addresses));
  }

  private void refused() throws Exception {
    InetSocketAddress nobody;
    try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
      nobody = new InetSocketAddress(LOOPBACK, probe.getLocalPort());
    }
    try (AsyncRuntime rt = open()) {
      Duration limit = scaled(Duration.ofSeconds(1));
      TaskHandle<Object> h =
          rt.spawn(
              "conn1",
              ctx -> {
                try (StreamSocket s = rt.connect(ctx, nobody, Duration.ofSeconds(30))) {
                  return "connected to " + s.remoteAddress();
                } catch (IOException e) {
                  return e;
                }
              });
      long t0 = System.nanoTime();
      Outcome<Object> o;
      try {
        o = h.join(limit);
      } catch (WaitTimeoutException e) {
        h.cancel();
        throw new AssertionFailedError(
            "connecting to "
                + nobody
                + " where nothing listens had not failed after "
                + limit.toMillis()
                + " ms");
      }
      long took = System.nanoTime() - t0;
      Object got = o.value();
      assertInstanceOf(
          ConnectException.class, got, () -> "connecting where nothing listens gave " + got);
      assertTrue(took <= limit.toNanos(), () -> "refused after " + millis(took) + " ms");
    }
  }

  private void connectTimeout() throws Exception {
    Optional<FullBacklog> backlog = FullBacklog.open();
    Assumptions.assumeTrue(
        backlog.isPresent(),
        "this platform completes every loopback connect, so no connect"
            + " can be made to hang (a full accept queue does not drop SYNs here)");
    try (FullBacklog full = backlog.get();
        AsyncRuntime rt = open()) {
      Duration timeout = Duration.ofMillis(300);
      Duration upper = timeout.plus(scaled(Duration.ofMillis(1700)));
      TaskHandle<Object> h =
          rt.spawn(
              "conn2",
              ctx -> {
                long t0 = System.nanoTime();
                try (StreamSocket s = rt.connect(ctx, full.address(), timeout)) {
                  return "connected to "
                      + s.remoteAddress()
                      + "; the test could not make the connect hang";
                } catch (IOException e) {
                  return new Object[] {e, System.nanoTime() - t0};
                }
              });
      Outcome<Object> o;
      try {
        o = h.join(upper.plus(event()));
      } catch (WaitTimeoutException e) {
        h.cancel();
        throw new AssertionFailedError(
            "a connect with a "
                + timeout.toMillis()
                + " ms timeout had not ended after "
                + upper.plus(event()).toMillis()
                + " ms");
      }
      Object got = o.value();
      if (!(got instanceof Object[] r)) {
        throw new AssertionFailedError(String.valueOf(got));
      }
      assertInstanceOf(
          SocketTimeoutException.class, r[0], () -> "a connect that never completes gave " + r[0]);
      long took = (Long) r[1];
      assertTrue(
          took >= timeout.toNanos(),
          () ->
              "the connect timed out after "
                  + millis(took)
                  + " ms, before its "
                  + timeout.toMillis()
                  + " ms timeout");
      assertTrue(
          took <= upper.toNanos(),
          () ->
              "the connect timed out after "
                  + millis(took)
                  + " ms; its timeout was "
                  + timeout.toMillis()
                  + " ms");
    }
  }

  private void ephemeralPort() throws Exception {
    try (AsyncRuntime rt = open();
        Listener one = rt.listen(ephemeral());
        Listener two = rt.listen(ephemeral())) {
      InetSocketAddress a = one.localAddress();
      assertNotNull(a, "localAddress() of a listener");
      assertTrue(a.getPort() > 0, () -> "listener bound to port 0 reports port " + a.getPort());
      assertEquals(LOOPBACK, a.getAddress(), "listener address");
      assertNotEquals(
          a.getPort(), two.localAddress().getPort(), "two listeners on port 0 got the same port");
      assertTrue(one.isOpen(), "a new listener is not open");
      try (Socket client = JdkServer.connect(a, event());
          StreamSocket accepted = rt.runBlocking("listen1", one::accept)) {
        assertEquals(
            a.getPort(),
            accepted.localAddress().getPort(),
            "a plain client reached the reported port");
        assertTrue(client.isConnected());
      }
    }
  }

  private void accepts() throws Exception {
    try (AsyncRuntime rt = open();
        Listener listener = rt.listen(ephemeral())) {
      List<Socket> clients = new ArrayList<>();
      List<StreamSocket> accepted = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket c = JdkServer.connect(listener.localAddress(), event());
          clients.add(c);
          c.getOutputStream().write(i);
        }
        for (int i = 0; i < 3; i++) {
          StreamSocket s = rt.runBlocking("listen2-accept-" + i, listener::accept);
          assertNotNull(s, "accept returned null");
          accepted.add(s);
        }
        Map<Integer, Socket> byPort = new HashMap<>();
        for (Socket c : clients) {
          byPort.put(c.getLocalPort(), c);
        }
        for (StreamSocket s : accepted) {
          InetSocketAddress remote = s.remoteAddress();
          InetSocketAddress local = s.localAddress();
          assertNotNull(remote, "remoteAddress() of an accepted socket");
          assertNotNull(local, "localAddress() of an accepted socket");
          assertEquals(listener.localAddress(), local, "local address of an accepted socket");
          Socket client = byPort.remove(remote.getPort());
          assertNotNull(
              client, () -> "accepted socket's remote " + remote + " is none of the clients");
          assertEquals(LOOPBACK, remote.getAddress());
          int expected = clients.indexOf(client);
          byte[] got = rt.runBlocking("listen2-read", ctx -> BackendIo.readExactly(ctx, s, 1));
          assertEquals(expected, got[0], "the accepted socket carries its own client's byte");
        }
        assertTrue(byPort.isEmpty(), () -> "clients never accepted: " + byPort.keySet());
      } finally {
        accepted.forEach(StreamSocket::close);
        for (Socket c : clients) {
          c.close();
        }
      }
    }
  }

  private void listenerClose() throws Exception {
    try (AsyncRuntime rt = open()) {
      Listener[] last = new Listener[1];
      Promptness.assertPrompt(
          "an accept suspended on a listener, on close,",
          prompt(),
          () -> {
            Listener l = rt.listen(ephemeral());
            last[0] = l;
            AtomicLong wokeAt = new AtomicLong();
            Suspended<Object> acceptor =
                spawnSuspended(
                    rt,
                    "listen3-accept",
                    ctx -> {
                      try {
                        return "accepted " + l.accept(ctx);
                      } catch (SocketClosedException e) {
                        wokeAt.set(System.nanoTime());
                        return e;
                      }
                    });
            long t0 = System.nanoTime();
            l.close();
            Object got = value(acceptor.handle(), event());
            assertInstanceOf(
                SocketClosedException.class,
                got,
                () -> "an accept suspended on a closed listener gave " + got);
            return wokeAt.get() - t0;
          });
      Listener listener = last[0];
      InetSocketAddress at = listener.localAddress();
      listener.close();
      Thread other = Thread.ofPlatform().name("tck-listen3-close").start(listener::close);
      other.join(event().toMillis());
      assertFalse(listener.isOpen(), "isOpen() after close");
      rt.runBlocking(
          "listen3-later",
          ctx -> {
            assertThrows(
                SocketClosedException.class, () -> listener.accept(ctx), "accept after close");
            return null;
          });
      try (Socket s = new Socket()) {
        s.connect(at, Math.toIntExact(event().toMillis()));
        fail("connecting to a closed listener's address " + at + " succeeded");
      } catch (ConnectException expected) {
        // refused, as the rule says
      }
    }
  }

  private void readCounts() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        SocketPair pair = connectTo(rt, server)) {
      StreamSocket s = pair.socket();
      // No room: 0 at once, with nothing pending...
      TaskHandle<Integer> noRoom =
          rt.spawn("read1-no-room", ctx -> s.read(ctx, ByteBuffer.allocate(0)));
      Outcome<Integer> o;
      try {
        o = noRoom.join(scaledMillis(1000));
      } catch (WaitTimeoutException e) {
        noRoom.cancel();
        throw new AssertionFailedError(
            "a read into a buffer with no room suspended instead of returning 0");
      }
      assertEquals(
          new Outcome.Success<>(0), o, "a read into a buffer with no room, nothing pending");
      pair.peer().getOutputStream().write(new byte[] {1, 2, 3, 4, 5});
      rt.runBlocking(
          "read1",
          ctx -> {
            ctx.waitReadable(s, event());
            // ...and with data pending, taking none of it.
            ByteBuffer full = ByteBuffer.allocate(4);
            full.position(4);
            assertEquals(0, s.read(ctx, full), "a read into a full buffer, data pending");
            ByteBuffer dst = ByteBuffer.allocate(16);
            int total = 0;
            while (total < 5) {
              int n = s.read(ctx, dst);
              assertTrue(n > 0, "read returned " + n + " with data pending");
              total += n;
            }
            assertEquals(5, total);
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, Arrays.copyOf(dst.array(), 5));
            return null;
          });
      pair.peer().shutdownOutput();
      rt.runBlocking(
          "read1-eof",
          ctx -> {
            assertEquals(-1, s.read(ctx, ByteBuffer.allocate(16)), "read at EOF");
            assertEquals(-1, s.read(ctx, ByteBuffer.allocate(16)), "a second read at EOF");
            return null;
          });
    }
  }

  private void partialReads() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        SocketPair pair = connectTo(rt, server)) {
      ByteStreamCheck check = new ByteStreamCheck();
      for (int round = 0; round < 20; round++) {
        int k = 1 + round * 5;
        int want = k;
        Suspended<Integer> reader =
            spawnSuspended(
                rt,
                "read2-" + round,
                ctx -> {
                  ByteBuffer big = ByteBuffer.allocate(64 * 1024);
                  int got = 0;
                  while (got < want) {
                    int n = pair.socket().read(ctx, big);
                    if (n <= 0) {
                      throw new AssertionFailedError("read returned " + n + " mid-stream");
                    }
                    got += n;
                  }
                  check.accept(big.flip());
                  return got;
                });
        pair.peer().getOutputStream().write(check.next(k));
        Outcome<Integer> o;
        try {
          o = reader.handle().join(event());
        } catch (WaitTimeoutException e) {
          reader.handle().cancel();
          throw new AssertionFailedError(
              "a read into a 64 KiB buffer did not return the "
                  + k
                  + " bytes that arrived; it waits to fill the buffer");
        }
        assertEquals(new Outcome.Success<>(k), o, "round " + round);
      }
      check.assertComplete("after 20 partial reads");
    }
  }

  private void oneReaderOneWriter() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        JdkServer quiet = new JdkServer(50, 4096);
        SocketPair pair = connectTo(rt, server);
        SocketPair stuck = connectTo(rt, quiet)) {
      Suspended<byte[]> reader =
          spawnSuspended(rt, "read3-reader", ctx -> BackendIo.readExactly(ctx, pair.socket(), 2));
      Object second =
          value(
              rt.spawn(
                  "read3-second-reader",
                  ctx -> {
                    try {
                      return "read returned " + pair.socket().read(ctx, ByteBuffer.allocate(8));
                    } catch (IllegalStateException expected) {
                      return expected;
                    }
                  }),
              event());
      assertInstanceOf(
          IllegalStateException.class, second, () -> "a second concurrent read gave " + second);
      // A write while the reader is suspended is allowed.
      long written =
          rt.runBlocking(
              "read3-writer",
              ctx -> pair.socket().write(ctx, ByteBuffer.wrap(new byte[] {7, 8, 9})));
      assertEquals(3, written);
      assertArrayEquals(new byte[] {7, 8, 9}, JdkServer.readExactly(pair.peer(), 3));
      assertFalse(
          reader.handle().isDone(), "the reader was disturbed by the second reader or the writer");
      pair.peer().getOutputStream().write(new byte[] {4, 2});
      assertArrayEquals(
          new byte[] {4, 2}, value(reader.handle(), event()), "the first reader, undisturbed");

      // A writer blocked by a peer that does not read, then a second writer.
      AtomicLong progress = new AtomicLong();
      TaskHandle<Void> writer =
          rt.spawn(
              "read3-blocked-writer",
              ctx -> CancelRules.writeForever(ctx, stuck.socket(), progress));
      Stall.await(
          "a write to a peer that does not read",
          progress::get,
          1L << 30,
          scaledMillis(300),
          event().multipliedBy(2),
          writer::isDone);
      Object secondWrite =
          value(
              rt.spawn(
                  "read3-second-writer",
                  ctx -> {
                    try {
                      return "write returned " + stuck.socket().write(ctx, ByteBuffer.allocate(1));
                    } catch (IllegalStateException expected) {
                      return expected;
                    }
                  }),
              event());
      assertInstanceOf(
          IllegalStateException.class,
          secondWrite,
          () -> "a second concurrent write gave " + secondWrite);
      assertFalse(writer.isDone(), "the blocked writer was disturbed by the second writer");
      stuck.socket().close();
      outcome(writer, event());
    }
  }

  private void gatheringWrite() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        SocketPair pair = connectTo(rt, server)) {
      ByteStreamCheck check = new ByteStreamCheck();
      ByteBuffer a = ByteBuffer.allocate(3 + 100_000);
      a.position(3).put(check.next(100_000)).flip().position(3);
      ByteBuffer empty = ByteBuffer.allocate(0);
      ByteBuffer b = ByteBuffer.allocateDirect(300_000).put(check.next(300_000)).flip();
      ByteBuffer c = ByteBuffer.wrap(new byte[] {0, 0}, 1, 1).slice();
      c.put(0, check.next(1)[0]);
      int total = 100_000 + 300_000 + 1;
      FutureTask<byte[]> peerRead =
          new FutureTask<>(() -> JdkServer.readExactly(pair.peer(), total));
      Thread.ofPlatform().name("tck-write1-peer").daemon(true).start(peerRead);
      long written = rt.runBlocking("write1", ctx -> pair.socket().write(ctx, a, empty, b, c));
      assertEquals(total, written, "write returns the total");
      assertFalse(a.hasRemaining(), "first buffer's position is not at its limit");
      assertEquals(0, empty.position(), "an empty buffer moved");
      assertFalse(b.hasRemaining(), "second buffer's position is not at its limit");
      assertFalse(c.hasRemaining(), "last buffer's position is not at its limit");
      check.accept(ByteBuffer.wrap(peerRead.get(event().toMillis() * 2, TimeUnit.MILLISECONDS)));
      check.assertComplete("the peer's bytes");
      assertEquals(
          Long.valueOf(0),
          rt.<Long>runBlocking(
              "write1-nothing", ctx -> pair.socket().write(ctx, ByteBuffer.allocate(0))),
          "a write of nothing returns 0");
    }
  }

  private void boundedWrite() throws Exception {
    long bound =
        target
            .options()
            .getInt(RuntimeOptions.WRITE_BUFFER_BYTES, RuntimeOptions.DEFAULT_WRITE_BUFFER_BYTES);
    long limit = bound + 32L * 1024 * 1024;
    try (AsyncRuntime rt = open();
        JdkServer quiet = new JdkServer(50, 4096);
        SocketPair stuck = connectTo(rt, quiet)) {
      stuck.peer().setReceiveBufferSize(4096);
      AtomicLong progress = new AtomicLong();
      AtomicLong wokeAt = new AtomicLong();
      TaskHandle<Object> writer =
          rt.spawn(
              "write2-writer",
              ctx -> {
                try {
                  CancelRules.writeForever(ctx, stuck.socket(), progress);
                  return null;
                } catch (SocketClosedException e) {
                  wokeAt.set(System.nanoTime());
                  return e;
                }
              });
      long blockedAt =
          Stall.await(
              "a writer whose peer never reads (write buffer " + bound + " bytes)",
              progress::get,
              limit,
              scaledMillis(500),
              scaled(Duration.ofSeconds(12)),
              writer::isDone);
      assertTrue(blockedAt <= limit);
      long t0 = System.nanoTime();
      stuck.socket().close();
      Object got = value(writer, event());
      assertInstanceOf(
          SocketClosedException.class, got, () -> "the blocked writer, on close, got " + got);
      assertTrue(wokeAt.get() - t0 <= event().toNanos());
    }
  }

  private void halfClose() throws Exception {
    byte[] answer = "answer after EOF".getBytes(StandardCharsets.US_ASCII);
    int size = 2 * 1024 * 1024;
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        SocketPair pair = connectTo(rt, server)) {
      ByteStreamCheck check = new ByteStreamCheck();
      byte[] data = check.next(size);
      FutureTask<Long> peer =
          new FutureTask<>(
              () -> {
                InputStream in = pair.peer().getInputStream();
                byte[] buf = new byte[64 * 1024];
                long got = 0;
                while (true) {
                  int n = in.read(buf);
                  if (n < 0) {
                    break;
                  }
                  check.accept(ByteBuffer.wrap(buf, 0, n));
                  got += n;
                }
                pair.peer().getOutputStream().write(answer);
                pair.peer().shutdownOutput();
                return got;
              });
      Thread.ofPlatform().name("tck-half1-peer").daemon(true).start(peer);
      byte[] back =
          rt.runBlocking(
              "half1",
              ctx -> {
                pair.socket().write(ctx, ByteBuffer.wrap(data));
                pair.socket().shutdownOutput();
                assertThrows(
                    IOException.class,
                    () -> pair.socket().write(ctx, ByteBuffer.wrap(new byte[] {1})),
                    "a write after shutdownOutput");
                return BackendIo.readToEof(ctx, pair.socket(), 1024);
              });
      assertEquals(
          Long.valueOf(size),
          peer.get(event().toMillis() * 2, TimeUnit.MILLISECONDS),
          "bytes the peer read before EOF");
      check.assertComplete("the peer's bytes before EOF");
      assertArrayEquals(answer, back, "what the peer sent back after reading EOF");
    }
  }

  private void closeAnyThread() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        SocketPair pair = connectTo(rt, server)) {
      StreamSocket s = pair.socket();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> closers = new ArrayList<>();
      List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < 4; i++) {
        closers.add(
            Thread.ofPlatform()
                .name("tck-close1-" + i)
                .daemon(true)
                .start(
                    () -> {
                      try {
                        go.await();
                        s.close();
                        s.close();
                      } catch (Throwable e) {
                        thrown.add(e);
                      }
                    }));
      }
      TaskHandle<Object> fromTask =
          rt.spawn(
              "close1-task",
              ctx -> {
                s.close();
                return null;
              });
      go.countDown();
      for (Thread t : closers) {
        t.join(event().toMillis());
      }
      value(fromTask, event());
      s.close();
      assertEquals(List.of(), thrown, "close threw");
      assertFalse(s.isOpen(), "isOpen() after close");
      JdkServer.readEndOrReset(pair.peer());
    }
  }

  private void closeWakes() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        JdkServer quiet = new JdkServer(50, 4096)) {
      Promptness.assertPrompt(
          "a task suspended in read, on close,",
          prompt(),
          () -> {
            try (SocketPair pair = connectTo(rt, server)) {
              return closeWake(
                  rt,
                  "read",
                  pair.socket(),
                  ctx -> pair.socket().read(ctx, ByteBuffer.allocate(16)),
                  null);
            }
          });
      Promptness.assertPrompt(
          "a task suspended in a wait, on close,",
          prompt(),
          () -> {
            try (SocketPair pair = connectTo(rt, server)) {
              return closeWake(
                  rt,
                  "wait",
                  pair.socket(),
                  ctx -> {
                    ctx.waitReadable(pair.socket(), Context.FOREVER);
                    return null;
                  },
                  null);
            }
          });
      Promptness.assertPrompt(
          "a task suspended in write, on close,",
          prompt(),
          () -> {
            try (SocketPair stuck = connectTo(rt, quiet)) {
              AtomicLong progress = new AtomicLong();
              return closeWake(
                  rt,
                  "write",
                  stuck.socket(),
                  ctx -> CancelRules.writeForever(ctx, stuck.socket(), progress),
                  progress);
            }
          });
    }
  }

  /**
   * Nanoseconds from close to the wake, with SocketClosedException, of a task suspended in {@code
   * suspension}.
   */
  private long closeWake(
      AsyncRuntime rt, String what, StreamSocket s, Task<?> suspension, AtomicLong progress)
      throws Exception {
    AtomicLong wokeAt = new AtomicLong();
    Suspended<Object> task =
        spawnSuspended(
            rt,
            "close2-" + what,
            ctx -> {
              try {
                return "returned " + suspension.run(ctx);
              } catch (SocketClosedException e) {
                wokeAt.set(System.nanoTime());
                return e;
              }
            });
    if (progress != null) {
      Stall.await(
          "a write to a peer that does not read",
          progress::get,
          1L << 30,
          scaledMillis(300),
          event().multipliedBy(2),
          task.handle()::isDone);
    }
    long t0 = System.nanoTime();
    s.close();
    Outcome<Object> o;
    try {
      o = task.handle().join(event());
    } catch (WaitTimeoutException e) {
      task.handle().cancel();
      throw new AssertionFailedError(
          "a task suspended in " + what + " was not woken by close within " + event());
    }
    Object got = o.value();
    assertInstanceOf(
        SocketClosedException.class,
        got,
        () -> "a task suspended in " + what + ", on close, got " + got);
    return wokeAt.get() - t0;
  }

  private void afterClose() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        SocketPair pair = connectTo(rt, server)) {
      pair.peer().getOutputStream().write(new byte[] {1, 2, 3});
      rt.runBlocking(
          "close3-ready",
          ctx -> {
            ctx.waitReadable(pair.socket(), event());
            return null;
          });
      pair.socket().close();
      rt.runBlocking(
          "close3",
          ctx -> {
            assertThrows(
                SocketClosedException.class,
                () -> pair.socket().read(ctx, ByteBuffer.allocate(8)),
                "read after close");
            assertThrows(
                SocketClosedException.class,
                () -> pair.socket().write(ctx, ByteBuffer.wrap(new byte[] {1})),
                "write after close");
            assertThrows(
                SocketClosedException.class,
                () -> pair.socket().read(ctx, ByteBuffer.allocate(0)),
                "read after close, no room");
            return null;
          });
      JdkServer.readEndOrReset(pair.peer());
    }
  }

  private void noDelay() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        Listener listener = rt.listen(ephemeral());
        SocketPair connected = connectTo(rt, server);
        SocketPair accepted = acceptFrom(rt, listener)) {
      assertEquals(
          Boolean.TRUE,
          connected.socket().getOption(StandardSocketOptions.TCP_NODELAY),
          "TCP_NODELAY of a connected socket");
      assertEquals(
          Boolean.TRUE,
          accepted.socket().getOption(StandardSocketOptions.TCP_NODELAY),
          "TCP_NODELAY of an accepted socket");
      // Seen from the wire too: with Nagle on, write-write-read stalls each round on a delayed ACK.
      connected.peer().setTcpNoDelay(true);
      int rounds = 100;
      FutureTask<Void> echo =
          new FutureTask<>(
              () -> {
                for (int i = 0; i < rounds; i++) {
                  JdkServer.readExactly(connected.peer(), 2);
                  connected.peer().getOutputStream().write(1);
                }
                return null;
              });
      Thread.ofPlatform().name("tck-sock1-peer").daemon(true).start(echo);
      long took =
          rt.runBlocking(
              "sock1-rounds",
              ctx -> {
                long t0 = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                  connected.socket().write(ctx, ByteBuffer.wrap(new byte[] {1}));
                  connected.socket().write(ctx, ByteBuffer.wrap(new byte[] {2}));
                  BackendIo.readExactly(ctx, connected.socket(), 1);
                }
                return System.nanoTime() - t0;
              });
      echo.get(event().toMillis(), TimeUnit.MILLISECONDS);
      Duration limit = scaled(Duration.ofSeconds(2));
      assertTrue(
          took <= limit.toNanos(),
          () ->
              rounds
                  + " write-write-read rounds took "
                  + millis(took)
                  + " ms: small writes are being delayed (Nagle)");
    }
  }

  private void addresses() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        Listener listener = rt.listen(ephemeral())) {
      SocketPair connected = connectTo(rt, server);
      SocketPair accepted = acceptFrom(rt, listener);
      try (connected;
          accepted) {
        InetSocketAddress cLocal = connected.socket().localAddress();
        InetSocketAddress cRemote = connected.socket().remoteAddress();
        assertEquals(
            new InetSocketAddress(LOOPBACK, connected.peer().getPort()),
            cLocal,
            "local address of a connected socket");
        assertEquals(server.address(), cRemote, "remote address of a connected socket");
        InetSocketAddress aLocal = accepted.socket().localAddress();
        InetSocketAddress aRemote = accepted.socket().remoteAddress();
        assertEquals(listener.localAddress(), aLocal, "local address of an accepted socket");
        assertEquals(
            new InetSocketAddress(LOOPBACK, accepted.peer().getLocalPort()),
            aRemote,
            "remote address of an accepted socket");
        connected.socket().close();
        accepted.socket().close();
        assertEquals(cLocal, connected.socket().localAddress(), "local address after close");
        assertEquals(cRemote, connected.socket().remoteAddress(), "remote address after close");
        assertEquals(aLocal, accepted.socket().localAddress(), "local address after close");
        assertEquals(aRemote, accepted.socket().remoteAddress(), "remote address after close");
      }
    }
  }
}
