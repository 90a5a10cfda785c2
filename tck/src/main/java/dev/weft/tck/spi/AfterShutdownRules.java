package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.ShutdownReport;
import dev.weft.spi.Signal;
import dev.weft.spi.TaskHandle;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import dev.weft.testing.Eventually;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/**
 * SHUT-4 to SHUT-6: a runtime after shutdown and close: nothing open, no thread left, idempotent.
 */
final class AfterShutdownRules extends Fixture {
  AfterShutdownRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "SHUT-4",
            "after shutdown, peers read EOF and the listener's address refuses connections",
            this::closesSockets),
        Rule.required(
            target,
            "SHUT-5",
            "after close, no thread the runtime started (platform or virtual) is alive",
            this::noThreadsLeft),
        Rule.required(
            target,
            "SHUT-6",
            "close and shutdown are idempotent and a later call returns promptly",
            this::idempotent));
  }

  private void closesSockets() throws Exception {
    try (JdkServer server = new JdkServer()) {
      InetSocketAddress listenAt;
      SocketPair connected;
      SocketPair accepted;
      try (AsyncRuntime rt = open()) {
        Listener listener = rt.listen(ephemeral());
        listenAt = listener.localAddress();
        connected = connectTo(rt, server);
        accepted = acceptFrom(rt, listener);
        rt.shutdown(event());
      }
      try (connected;
          accepted) {
        // Nothing was left unread on the runtime's side, so the close is an orderly one: EOF, not a
        // reset.
        assertEquals(
            -1,
            JdkServer.readEndOrReset(connected.peer()),
            "the peer of a connected socket after shutdown (-1 EOF, -2 reset)");
        assertEquals(
            -1,
            JdkServer.readEndOrReset(accepted.peer()),
            "the peer of an accepted socket after shutdown (-1 EOF, -2 reset)");
        try (Socket s = new Socket()) {
          s.connect(listenAt, Math.toIntExact(event().toMillis()));
          fail("connecting to " + listenAt + " succeeded after shutdown; it must be refused");
        } catch (ConnectException expected) {
          // refused, as the rule says
        }
      }
    }
  }

  private void noThreadsLeft() throws Exception {
    ThreadCensus before = ThreadCensus.take();
    Set<Thread> taskThreads = ConcurrentHashMap.newKeySet();
    try (JdkServer server = new JdkServer()) {
      AsyncRuntime rt = open();
      try {
        exercise(rt, server, taskThreads);
      } finally {
        rt.close();
      }
    }
    // Threads get a short while to finish ending: a library helper such as Netty's
    // GlobalEventExecutor thread stops by itself about a second after its last task.
    Duration linger = scaled(Duration.ofSeconds(3));
    Eventually.until(
        linger,
        () ->
            "task threads to end after close: "
                + taskThreads.stream()
                    .filter(Thread::isAlive)
                    .map(ThreadCensus::describe)
                    .collect(Collectors.joining("; ")),
        () -> taskThreads.stream().noneMatch(Thread::isAlive));
    Eventually.until(
        linger,
        () ->
            "threads the runtime started to end after close: "
                + before.newPlatformThreads().stream()
                    .map(ThreadCensus::describe)
                    .collect(Collectors.joining("; ")),
        () -> before.newPlatformThreads().isEmpty());
    if (before.dumpProblem() == null) {
      Eventually.until(
          linger,
          () ->
              "threads (virtual included) the runtime started to end after close: "
                  + before.newDumpedThreads(),
          () -> before.newDumpedThreads().isEmpty());
    } else {
      System.err.println(
          "[weft-tck] SHUT-5: virtual threads not checked by thread dump: " + before.dumpProblem());
    }
  }

  /** Uses every kind of resource, and leaves tasks suspended for close to deal with. */
  private void exercise(AsyncRuntime rt, JdkServer server, Set<Thread> taskThreads)
      throws Exception {
    Listener listener = rt.listen(ephemeral());
    SocketPair out = connectTo(rt, server);
    SocketPair in = acceptFrom(rt, listener);
    Signal ping = rt.newSignal();
    rt.runBlocking(
        "shut5-io",
        ctx -> {
          taskThreads.add(Thread.currentThread());
          out.socket().write(ctx, ByteBuffer.wrap(new byte[] {1, 2, 3}));
          in.peer().getOutputStream().write(new byte[] {4, 5});
          BackendIo.readExactly(ctx, in.socket(), 2);
          ctx.sleep(Duration.ofMillis(5));
          return null;
        });
    JdkServer.readExactly(out.peer(), 3);
    for (int i = 0; i < 20; i++) {
      rt.spawn(
          "shut5-short-" + i,
          ctx -> {
            taskThreads.add(Thread.currentThread());
            ctx.sleep(Duration.ofMillis(1));
            return null;
          });
    }
    TaskHandle<Object> pong =
        rt.spawn(
            "shut5-signal",
            ctx -> {
              taskThreads.add(Thread.currentThread());
              ctx.waitReadable(ping, event());
              return null;
            });
    ping.raise();
    value(pong, event());
    spawnSuspended(
        rt,
        "shut5-reader",
        ctx -> {
          taskThreads.add(Thread.currentThread());
          return in.socket().read(ctx, ByteBuffer.allocate(8));
        });
    spawnSuspended(
        rt,
        "shut5-accept",
        ctx -> {
          taskThreads.add(Thread.currentThread());
          return listener.accept(ctx);
        });
    spawnSuspended(
        rt,
        "shut5-sleeper",
        ctx -> {
          taskThreads.add(Thread.currentThread());
          ctx.sleep(Duration.ofHours(1));
          return null;
        });
    in.peer().close();
    out.peer().close();
  }

  private void idempotent() throws Exception {
    Duration prompt = prompt();
    AsyncRuntime a = open();
    a.runBlocking("shut6-a", ctx -> null);
    a.close();
    assertPrompt(prompt, "a second close()", a::close);
    assertPrompt(prompt, "shutdown after close()", () -> assertNotNull(a.shutdown(event())));

    AsyncRuntime b = open();
    Signal never = b.newSignal();
    spawnSuspended(
        b,
        "shut6-b",
        ctx -> {
          ctx.waitReadable(never, Context.FOREVER);
          return null;
        });
    ShutdownReport first = b.shutdown(event());
    assertNotNull(first, "shutdown returned null");
    assertPrompt(
        prompt,
        "a second shutdown",
        () -> assertNotNull(b.shutdown(event()), "a second shutdown returned null"));
    assertPrompt(prompt, "close() after shutdown", b::close);
    assertPrompt(prompt, "a third close()", b::close);
  }

  private interface Call {
    void run() throws Exception;
  }

  /** A later call returns promptly; repeating it is harmless, since the calls are idempotent. */
  private static void assertPrompt(Duration prompt, String what, Call call) throws Exception {
    Promptness.assertPrompt(
        what,
        prompt,
        () -> {
          long t0 = System.nanoTime();
          call.run();
          return System.nanoTime() - t0;
        });
  }
}
