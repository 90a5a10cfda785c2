package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.RuntimeShutdownException;
import dev.weft.spi.ShutdownReport;
import dev.weft.spi.Signal;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import dev.weft.tck.Rule;
import dev.weft.tck.TckTarget;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** SHUT-1 to SHUT-6: shutdown and close. */
final class ShutdownRules extends Fixture {
  ShutdownRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "SHUT-1",
            "after shutdown began, spawn, runBlocking, listen and connect throw RuntimeShutdownException",
            this::refusesNewWork),
        Rule.required(target, "SHUT-2", "shutdown cancels every task", this::cancelsTasks),
        Rule.required(
            target,
            "SHUT-3",
            "shutdown waits at most the grace period, closes everything and reports unfinished tasks",
            this::grace),
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

  private void refusesNewWork() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer()) {
      Signal never = rt.newSignal();
      AtomicReference<Object> listenResult = new AtomicReference<>();
      AtomicReference<Object> spawnResult = new AtomicReference<>();
      AtomicReference<Object> connectResult = new AtomicReference<>();
      AtomicBoolean lateBodyRan = new AtomicBoolean();
      // A task that outlives the start of shutdown: it is cancelled, catches it, and tries to
      // start new work while shutdown is under way.
      Suspended<String> stubborn =
          spawnSuspended(
              rt,
              "shut1-stubborn",
              ctx -> {
                try {
                  ctx.waitReadable(never, Context.FOREVER);
                  return "never cancelled";
                } catch (TaskCancelledException e) {
                  listenResult.set(attempt(() -> rt.listen(ephemeral())));
                  spawnResult.set(
                      attempt(
                          () ->
                              rt.spawn(
                                  "shut1-late",
                                  c -> {
                                    lateBodyRan.set(true);
                                    return null;
                                  })));
                  connectResult.set(attempt(() -> rt.connect(ctx, server.address(), event())));
                  return "tried";
                }
              });
      rt.shutdown(event());
      assertEquals(
          new Outcome.Success<>("tried"),
          outcome(stubborn.handle(), event()),
          "the task that outlived the start of shutdown");
      assertInstanceOf(
          RuntimeShutdownException.class, listenResult.get(), "listen during shutdown");
      assertInstanceOf(RuntimeShutdownException.class, spawnResult.get(), "spawn during shutdown");
      // The task was cancelled by the shutdown, so its connect may report either the shutdown
      // (SHUT-1) or the cancellation (CANCEL-2); it must not connect.
      Object connect = connectResult.get();
      assertTrue(
          connect instanceof RuntimeShutdownException || connect instanceof TaskCancelledException,
          () -> "connect during shutdown gave " + connect + ", expected RuntimeShutdownException");

      assertThrows(
          RuntimeShutdownException.class,
          () ->
              rt.spawn(
                  "shut1-after",
                  c -> {
                    lateBodyRan.set(true);
                    return null;
                  }),
          "spawn after shutdown");
      assertThrows(
          RuntimeShutdownException.class,
          () ->
              rt.runBlocking(
                  "shut1-after",
                  c -> {
                    lateBodyRan.set(true);
                    return null;
                  }),
          "runBlocking after shutdown");
      assertThrows(
          RuntimeShutdownException.class, () -> rt.listen(ephemeral()), "listen after shutdown");
      assertFalse(lateBodyRan.get(), "a body given to a refused spawn or runBlocking ran");
    }
  }

  /** What {@code action} returned (closed if closeable) or threw. */
  private static Object attempt(java.util.concurrent.Callable<?> action) {
    try {
      Object v = action.call();
      if (v instanceof AutoCloseable c) {
        c.close();
      }
      return v == null ? "null" : v;
    } catch (Throwable t) {
      return t;
    }
  }

  private void cancelsTasks() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer()) {
      Signal never = rt.newSignal();
      Listener listener = rt.listen(ephemeral());
      SocketPair pair = connectTo(rt, server);
      Set<String> sawCancelled = ConcurrentHashMap.newKeySet();
      List<TaskHandle<String>> tasks = new ArrayList<>();
      tasks.add(
          spawnSuspended(
                  rt,
                  "shut2-wait",
                  ctx ->
                      noteCancel(ctx, sawCancelled, () -> ctx.waitReadable(never, Context.FOREVER)))
              .handle());
      tasks.add(
          spawnSuspended(
                  rt,
                  "shut2-sleep",
                  ctx -> noteCancel(ctx, sawCancelled, () -> ctx.sleep(Duration.ofHours(1))))
              .handle());
      tasks.add(
          spawnSuspended(
                  rt,
                  "shut2-accept",
                  ctx -> noteCancel(ctx, sawCancelled, () -> listener.accept(ctx).close()))
              .handle());
      tasks.add(
          spawnSuspended(
                  rt,
                  "shut2-read",
                  ctx ->
                      noteCancel(
                          ctx,
                          sawCancelled,
                          () -> pair.socket().read(ctx, ByteBuffer.allocate(16))))
              .handle());
      ShutdownReport report = rt.shutdown(event());
      assertNotNull(report, "shutdown returned null");
      for (TaskHandle<String> t : tasks) {
        assertCancelled(t, event());
      }
      assertEquals(
          Set.of("shut2-wait", "shut2-sleep", "shut2-accept", "shut2-read"),
          sawCancelled,
          "tasks that saw isCancelled() after the shutdown woke them");
      assertTrue(
          report.clean(),
          () -> "every task ended at once but the report names " + report.unfinishedTasks());
      pair.peer().close();
    }
  }

  private interface Suspension {
    void run() throws Exception;
  }

  private static String noteCancel(Context ctx, Set<String> sawCancelled, Suspension s)
      throws Exception {
    try {
      s.run();
      return "not cancelled";
    } catch (TaskCancelledException e) {
      if (ctx.isCancelled()) {
        sawCancelled.add(ctx.taskName());
      }
      throw e;
    }
  }

  private void grace() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer()) {
      Signal never = rt.newSignal();
      Listener listener = rt.listen(ephemeral());
      SocketPair pair = connectTo(rt, server);
      CountDownLatch letGo = new CountDownLatch(1);
      try {
        Signal alsoNever = rt.newSignal();
        spawnSuspended(
            rt,
            "shut3-polite",
            ctx -> {
              ctx.waitReadable(alsoNever, Context.FOREVER);
              return null;
            });
        // Ignores the cancel and blocks outside the runtime's control until released.
        Suspended<Object> stubborn =
            spawnSuspended(
                rt,
                "shut3-stubborn",
                ctx -> {
                  try {
                    ctx.waitReadable(never, Context.FOREVER);
                  } catch (TaskCancelledException ignored) {
                    awaitUninterruptibly(letGo);
                  }
                  return null;
                });
        Duration grace = scaledMillis(500);
        long t0 = System.nanoTime();
        ShutdownReport report = rt.shutdown(grace);
        long took = System.nanoTime() - t0;
        Duration bound = grace.plus(scaled(Duration.ofSeconds(1)));
        assertTrue(
            took <= bound.toNanos(),
            () ->
                "shutdown("
                    + grace.toMillis()
                    + " ms) took "
                    + millis(took)
                    + " ms; the limit is the grace period plus one second");
        assertNotNull(report, "shutdown returned null");
        assertFalse(
            stubborn.handle().isDone(),
            () -> "the stubborn task cannot have ended, but ended " + stubborn.handle().outcome());
        assertEquals(
            List.of("shut3-stubborn"), report.unfinishedTasks(), "unfinished tasks in the report");
        assertFalse(listener.isOpen(), "a listener is still open after shutdown");
        assertFalse(pair.socket().isOpen(), "a socket is still open after shutdown");
      } finally {
        letGo.countDown();
        pair.peer().close();
      }
    }
    // When every task ends at once, shutdown does not sit out its grace period.
    try (AsyncRuntime rt = open()) {
      Signal never = rt.newSignal();
      spawnSuspended(
          rt,
          "shut3-quick",
          ctx -> {
            ctx.waitReadable(never, Context.FOREVER);
            return null;
          });
      Duration grace = scaled(Duration.ofSeconds(8));
      long t0 = System.nanoTime();
      ShutdownReport report = rt.shutdown(grace);
      long took = System.nanoTime() - t0;
      assertTrue(report.clean(), () -> "report names " + report.unfinishedTasks());
      assertTrue(
          took < scaled(Duration.ofSeconds(3)).toNanos(),
          () -> "shutdown took " + millis(took) + " ms although its only task ended at once");
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
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
