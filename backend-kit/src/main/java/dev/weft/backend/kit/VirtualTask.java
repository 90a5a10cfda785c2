package dev.weft.backend.kit;

import dev.weft.spi.Context;
import dev.weft.spi.Outcome;
import dev.weft.spi.Task;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One spawned task seen from outside (its {@link TaskHandle}) and the run of its body on its own
 * virtual thread. The backend makes the thread, {@link #bind binds} it, and calls {@link #run} on
 * it with the task's {@link Context}.
 *
 * <p>Nothing ever interrupts a task thread (an interrupt would close a channel it is blocked on): a
 * cancel sets a flag and unparks, so it wakes the task wherever it is parked through its {@link
 * Parker}, which re-checks the flag (CANCEL-4).
 */
public final class VirtualTask<T> implements TaskHandle<T> {
  private final String name;
  private final Task<T> body;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Thread thread;
  private volatile boolean cancelled;
  private volatile Outcome<T> outcome;

  /** The exception the body ended with, kept so runBlocking can rethrow it unchanged (RT-4). */
  private volatile Throwable thrown;

  public VirtualTask(String name, Task<T> body) {
    this.name = name;
    this.body = body;
  }

  /** The thread the body runs on; set before it starts. */
  public void bind(Thread t) {
    this.thread = t;
  }

  public Thread thread() {
    return thread;
  }

  /** Runs the body on the calling (bound) thread and records how it ended. */
  public void run(Context ctx) {
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

  public Throwable thrown() {
    return thrown;
  }

  @Override
  public String name() {
    return name;
  }

  /** Idempotent and thread-safe; the unpark makes a parked task re-check its loop (CANCEL-4). */
  @Override
  public void cancel() {
    if (outcome != null) {
      return;
    }
    cancelled = true;
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /** The cancellation check of a suspension (CANCEL-2), without the owner check. */
  public void throwIfCancelled() {
    if (cancelled) {
      throw new TaskCancelledException("task '" + name + "' was cancelled");
    }
  }

  /** CTX-1: a context only works on its own task's thread. */
  public void ensureOwner() {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(
          "context of task '"
              + name
              + "' used from "
              + Thread.currentThread()
              + "; a context is only valid on its own task (CTX-1)");
    }
  }

  @Override
  public boolean isDone() {
    return outcome != null;
  }

  @Override
  public Optional<Outcome<T>> outcome() {
    return Optional.ofNullable(outcome);
  }

  @Override
  public Outcome<T> join(Duration timeout) throws InterruptedException {
    if (!awaitDone(Timeouts.nanos(timeout))) {
      throw new WaitTimeoutException("task '" + name + "' still running after " + timeout);
    }
    return outcome;
  }

  /** Blocks until done or {@code nanos} passed; true when done. */
  public boolean awaitDone(long nanos) throws InterruptedException {
    if (Timeouts.isForever(nanos)) {
      done.await();
      return true;
    }
    return done.await(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Like {@link #awaitDone} but not interruptible (a shutdown's grace period); an interrupt is kept
   * for the caller.
   */
  public boolean awaitDoneUninterruptibly(long nanos) {
    long start = System.nanoTime();
    boolean interrupted = false;
    try {
      while (true) {
        long left = Timeouts.isForever(nanos) ? nanos : nanos - (System.nanoTime() - start);
        if (left <= 0) {
          return done.getCount() == 0;
        }
        try {
          return awaitDone(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "Task[" + name + (isDone() ? ", done" : cancelled ? ", cancelled" : "") + "]";
  }
}
