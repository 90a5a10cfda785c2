package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Outcome;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/** READ-1 to READ-3, WRITE-1 and WRITE-2: reads, writes and their one-at-a-time guard. */
final class ReadWriteRules extends Fixture {
  ReadWriteRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
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
            this::boundedWrite));
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
              "read3-blocked-writer", ctx -> BackendIo.writeForever(ctx, stuck.socket(), progress));
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
                  BackendIo.writeForever(ctx, stuck.socket(), progress);
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
}
