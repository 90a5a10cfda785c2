package dev.weft.backend.loom;

import dev.weft.spi.Outcome;
import dev.weft.spi.Task;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A spawned task seen from outside, and the body's run on its virtual thread. */
final class LoomTask<T> implements TaskHandle<T>, Runnable {
  private final String taskName;
  private final TaskContext ctx;
  private final Task<T> body;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Outcome<T> outcome;

  /** The exception the body ended with, kept so runBlocking can rethrow it unchanged (RT-4). */
  private volatile Throwable thrown;

  LoomTask(String taskName, TaskContext ctx, Task<T> body) {
    this.taskName = taskName;
    this.ctx = ctx;
    this.body = body;
  }

  TaskContext context() {
    return ctx;
  }

  Throwable thrown() {
    return thrown;
  }

  @Override
  public void run() {
    Outcome<T> result;
    try {
      result = new Outcome.Success<>(body.run(ctx));
    } catch (TaskCancelledException e) {
      thrown = e;
      result = new Outcome.Cancelled<>();
    } catch (Throwable e) {
      thrown = e;
      result = new Outcome.Failure<>(e);
    }
    outcome = result;
    done.countDown();
  }

  @Override
  public String name() {
    return taskName;
  }

  @Override
  public void cancel() {
    if (outcome == null) {
      ctx.cancel();
    }
  }

  @Override
  public boolean isDone() {
    return outcome != null;
  }

  /** Blocks until done or the deadline; true when done. */
  boolean awaitDone(long nanos) throws InterruptedException {
    if (Timeouts.isForever(nanos)) {
      done.await();
      return true;
    }
    return done.await(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public Outcome<T> join(Duration timeout) throws InterruptedException {
    long nanos = Timeouts.nanos(timeout);
    if (!awaitDone(nanos)) {
      throw new WaitTimeoutException("task '" + taskName + "' still running after " + timeout);
    }
    return outcome;
  }

  @Override
  public Optional<Outcome<T>> outcome() {
    return Optional.ofNullable(outcome);
  }

  @Override
  public String toString() {
    return "LoomTask[" + taskName + (isDone() ? ", done" : "") + "]";
  }
}
