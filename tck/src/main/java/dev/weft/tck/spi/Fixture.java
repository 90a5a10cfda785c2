package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.Task;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.tck.suite.TckTarget;
import dev.weft.testing.Eventually;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.opentest4j.AssertionFailedError;

/**
 * What every rule group shares: the target, fresh runtimes on the backend under test, the kit's
 * timeouts, and joins that turn a task's failure back into the test's failure.
 */
abstract class Fixture {
  /** 127.0.0.1 exactly: the kit never leaves loopback. */
  static final InetAddress LOOPBACK = loopback();

  final TckTarget target;

  Fixture(TckTarget target) {
    this.target = target;
  }

  /** A new runtime on the backend under test with the target's options; the caller closes it. */
  AsyncRuntime open() {
    return open(target.options());
  }

  AsyncRuntime open(RuntimeOptions options) {
    AsyncRuntime rt = target.backend().open(options);
    assertNotNull(rt, "Backend.open returned null");
    return rt;
  }

  /** "Promptly" of the contract: 100 ms, scaled. */
  Duration prompt() {
    return target.timeouts().prompt();
  }

  /** How long to wait for something that should happen at once. */
  Duration event() {
    return target.timeouts().event();
  }

  Duration scaled(Duration d) {
    return target.timeouts().scaled(d);
  }

  Duration scaledMillis(long millis) {
    return scaled(Duration.ofMillis(millis));
  }

  static InetSocketAddress ephemeral() {
    return new InetSocketAddress(LOOPBACK, 0);
  }

  /** A backend socket connected to a plain JDK server, with the JDK side accepted. */
  SocketPair connectTo(AsyncRuntime rt, JdkServer server) throws Exception {
    StreamSocket s =
        rt.runBlocking("tck-connect", ctx -> rt.connect(ctx, server.address(), event()));
    assertNotNull(s, "connect returned null");
    try {
      return new SocketPair(s, server.accept(event()));
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** A plain JDK client connected to a backend listener, with the backend side accepted. */
  SocketPair acceptFrom(AsyncRuntime rt, Listener listener) throws Exception {
    Socket peer = JdkServer.connect(listener.localAddress(), event());
    try {
      StreamSocket s = rt.runBlocking("tck-accept", listener::accept);
      assertNotNull(s, "accept returned null");
      return new SocketPair(s, peer);
    } catch (Exception | Error e) {
      peer.close();
      throw e;
    }
  }

  /** Spawns {@code body} and returns once it is suspended (see {@link Parked}), with its thread. */
  <T> Suspended<T> spawnSuspended(AsyncRuntime rt, String name, Task<T> body) {
    AtomicReference<Thread> thread = new AtomicReference<>();
    TaskHandle<T> h =
        rt.spawn(
            name,
            ctx -> {
              thread.set(Thread.currentThread());
              return body.run(ctx);
            });
    Eventually.until(event(), "task " + name + " starts", () -> thread.get() != null || h.isDone());
    if (thread.get() != null) {
      Parked.await(thread.get(), scaledMillis(1000), h::isDone);
    }
    return new Suspended<>(h, thread.get());
  }

  /** A task seen suspended, and the thread it runs on. */
  record Suspended<T>(TaskHandle<T> handle, Thread thread) {}

  /** The outcome of {@code h}, failing if the task has not ended within {@code within}. */
  static <T> Outcome<T> outcome(TaskHandle<T> h, Duration within) throws InterruptedException {
    try {
      Outcome<T> o = h.join(within);
      assertNotNull(o, "join returned null for task " + h.name());
      return o;
    } catch (WaitTimeoutException e) {
      throw new AssertionFailedError("task '" + h.name() + "' still running after " + within);
    }
  }

  /** The value of {@code h}; a task that failed fails the test with the task's own exception. */
  static <T> T value(TaskHandle<T> h, Duration within) throws Exception {
    Outcome<T> o = outcome(h, within);
    return switch (o) {
      case Outcome.Success<T> s -> s.value();
      case Outcome.Failure<T> f -> throw rethrowable(h.name(), f.error());
      case Outcome.Cancelled<T> c ->
          throw new AssertionFailedError("task '" + h.name() + "' was cancelled");
    };
  }

  /** Fails unless {@code h} ends {@link Outcome.Cancelled} within {@code within}. */
  static void assertCancelled(TaskHandle<?> h, Duration within) throws Exception {
    Outcome<?> o = outcome(h, within);
    switch (o) {
      case Outcome.Cancelled<?> c -> {}
      case Outcome.Failure<?> f -> throw rethrowable(h.name() + " (expected Cancelled)", f.error());
      case Outcome.Success<?> s ->
          throw new AssertionFailedError(
              "task '" + h.name() + "' ended with Success(" + s.value() + "), expected Cancelled");
    }
  }

  static AssertionFailedError rethrowable(String task, Throwable error) {
    if (error instanceof AssertionFailedError a) {
      return new AssertionFailedError("in task '" + task + "': " + a.getMessage(), a);
    }
    return new AssertionFailedError("task '" + task + "' failed: " + error, error);
  }

  static long millis(long nanos) {
    return nanos / 1_000_000;
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
