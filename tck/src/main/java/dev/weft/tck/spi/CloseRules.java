package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Outcome;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.Task;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/** HALF-1 and CLOSE-1 to CLOSE-3: half-close and close of a socket. */
final class CloseRules extends Fixture {
  CloseRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
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
            this::afterClose));
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
                  ctx -> BackendIo.writeForever(ctx, stuck.socket(), progress),
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
}
