package dev.weft.backend.vertx;

import dev.weft.spi.Outcome;
import dev.weft.spi.Task;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One task: a virtual thread of the JDK's default scheduler (never an event loop, never a Vert.x
 * virtual-thread context), its {@link Waiter} and its outcome.
 */
final class VertxTask<T> implements TaskHandle<T> {
  private final VertxRuntime runtime;
  private final String name;
  private final Task<T> body;
  private final Thread thread;
  private final Waiter waiter;
  private final TaskContext context;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean cancelled;
  private volatile Outcome<T> outcome;

  VertxTask(VertxRuntime runtime, String name, Task<T> body) {
    this.runtime = runtime;
    this.name = name;
    this.body = body;
    this.thread = Thread.ofVirtual().name(name).unstarted(this::run);
    this.waiter = new Waiter(thread);
    this.context = new TaskContext(this);
  }

  void start() {
    thread.start();
  }

  private void run() {
    Outcome<T> result;
    try {
      result = new Outcome.Success<>(body.run(context));
    } catch (TaskCancelledException e) {
      result = new Outcome.Cancelled<>();
    } catch (Throwable e) {
      result = new Outcome.Failure<>(e);
    }
    outcome = result;
    done.countDown();
    runtime.taskEnded(this);
  }

  VertxRuntime runtime() {
    return runtime;
  }

  Thread thread() {
    return thread;
  }

  Waiter waiter() {
    return waiter;
  }

  boolean cancelled() {
    return cancelled;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void cancel() {
    if (outcome != null || cancelled) {
      return;
    }
    cancelled = true;
    waiter.cancelCurrent();
  }

  @Override
  public boolean isDone() {
    return outcome != null;
  }

  @Override
  public Outcome<T> join(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("negative timeout: " + timeout);
    }
    long nanos = TaskContext.nanosOrForever(timeout);
    if (nanos < 0) {
      done.await();
    } else if (!done.await(nanos, TimeUnit.NANOSECONDS)) {
      throw new WaitTimeoutException("task '" + name + "' still running after " + timeout);
    }
    return outcome;
  }

  /** Waits without a limit, for {@code runBlocking}. */
  Outcome<T> awaitOutcome() throws InterruptedException {
    done.await();
    return outcome;
  }

  @Override
  public Optional<Outcome<T>> outcome() {
    return Optional.ofNullable(outcome);
  }

  @Override
  public String toString() {
    return "VertxTask["
        + name
        + (isDone() ? ", done" : "")
        + (cancelled ? ", cancelled" : "")
        + "]";
  }
}
