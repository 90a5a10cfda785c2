package dev.weft.backend.netty;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Outcome;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.Task;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.spi.Waitable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One task: its virtual thread, its outcome, and the {@link Context} it is handed.
 *
 * <p>Every suspension is the same loop on the task's own virtual thread: register with what can
 * wake it, then re-check cancellation, the awaited level and the clock, and park. Wakers (event
 * loops, {@link #cancel()}, {@code close()}, {@code raise()}) only change a level and unpark; the
 * task alone decides the result, so a result, a timeout and a cancel can never both win. No wait
 * ever goes through a Netty future's {@code await}/{@code sync}, which block inside {@code
 * synchronized} and would pin the carrier on JDK 21-23.
 */
final class NettyTask<T> implements TaskHandle<T>, Context {
  /** Marks a wait without limit. */
  static final long FOREVER_NANOS = Long.MAX_VALUE;

  private final NettyRuntime runtime;
  private final String name;
  private final Task<T> body;
  private final Thread thread;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean cancelled;
  private volatile Outcome<T> outcome;

  NettyTask(NettyRuntime runtime, String name, Task<T> body, Thread.Builder.OfVirtual threads) {
    this.runtime = runtime;
    this.name = name;
    this.body = body;
    this.thread = threads.name(name).unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  Thread thread() {
    return thread;
  }

  String taskNameUnchecked() {
    return name;
  }

  private void run() {
    Outcome<T> result;
    try {
      result = new Outcome.Success<>(body.run(this));
    } catch (TaskCancelledException e) {
      result = new Outcome.Cancelled<>();
    } catch (Throwable t) {
      result = new Outcome.Failure<>(t);
    }
    outcome = result;
    done.countDown();
    runtime.taskEnded(this);
  }

  // ---- TaskHandle

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
    LockSupport.unpark(thread);
  }

  @Override
  public boolean isDone() {
    return outcome != null;
  }

  @Override
  public Outcome<T> join(Duration timeout) throws InterruptedException {
    long nanos = timeoutNanos(timeout);
    if (nanos == FOREVER_NANOS) {
      done.await();
    } else if (!done.await(nanos, TimeUnit.NANOSECONDS)) {
      throw new WaitTimeoutException("task '" + name + "' still running after " + timeout);
    }
    return outcome;
  }

  /** Waits for the end of the body without being interruptible; false if time ran out. */
  boolean awaitEnd(long nanos) {
    long start = System.nanoTime();
    boolean interrupted = false;
    try {
      while (true) {
        long left = nanos - (System.nanoTime() - start);
        if (left <= 0) {
          return done.getCount() == 0;
        }
        try {
          return done.await(left, TimeUnit.NANOSECONDS);
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
  public Optional<Outcome<T>> outcome() {
    return Optional.ofNullable(outcome);
  }

  // ---- Context

  @Override
  public String taskName() {
    checkThread();
    return name;
  }

  @Override
  public AsyncRuntime runtime() {
    checkThread();
    return runtime;
  }

  @Override
  public boolean isCancelled() {
    checkThread();
    return cancelled;
  }

  @Override
  public void checkCancelled() {
    checkThread();
    throwIfCancelled();
  }

  @Override
  public void waitReadable(Waitable w, Duration timeout) throws SocketClosedException {
    checkThread();
    Objects.requireNonNull(w, "waitable");
    long nanos = timeoutNanos(timeout);
    await(own(w), null, nanos, timeout);
  }

  @Override
  public Waitable waitEither(Waitable a, Waitable b, Duration timeout)
      throws SocketClosedException {
    checkThread();
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    long nanos = timeoutNanos(timeout);
    if (a == b) {
      throw new IllegalArgumentException("waitEither needs two different waitables");
    }
    return await(own(a), own(b), nanos, timeout);
  }

  @Override
  public void sleep(Duration duration) {
    checkThread();
    long nanos = timeoutNanos(duration);
    long start = System.nanoTime();
    while (true) {
      throwIfCancelled();
      if (!parkUntil(start, nanos)) {
        return;
      }
    }
  }

  // ---- shared by sockets, listeners and connect

  /** The task behind {@code ctx}, checked to be running on the calling thread (CTX-1). */
  static NettyTask<?> current(Context ctx) {
    Objects.requireNonNull(ctx, "ctx");
    if (!(ctx instanceof NettyTask<?> task)) {
      throw new IllegalArgumentException(
          "context " + ctx + " does not belong to the netty backend");
    }
    task.checkThread();
    return task;
  }

  void checkThread() {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(
          "context of task '"
              + name
              + "' used from "
              + Thread.currentThread()
              + "; a context is valid only on its own task (CTX-1)");
    }
  }

  void throwIfCancelled() {
    if (cancelled) {
      throw new TaskCancelledException("task '" + name + "' was cancelled");
    }
  }

  boolean cancelledUnchecked() {
    return cancelled;
  }

  /**
   * Parks until woken or until {@code nanos} after {@code start}; false once that time has passed,
   * so the caller re-checks its level one last time before giving up.
   */
  boolean parkUntil(long start, long nanos) {
    if (nanos == FOREVER_NANOS) {
      LockSupport.park(this);
      return true;
    }
    long left = nanos - (System.nanoTime() - start);
    if (left <= 0) {
      return false;
    }
    LockSupport.parkNanos(this, left);
    return true;
  }

  private Waitable await(NettyWaitable a, NettyWaitable b, long nanos, Duration timeout)
      throws SocketClosedException {
    long start = System.nanoTime();
    a.addWaiter(this);
    try {
      if (b != null) {
        b.addWaiter(this);
      }
      while (true) {
        throwIfCancelled();
        if (a.pollReady(true)) {
          return a;
        }
        if (b != null && b.pollReady(true)) {
          return b;
        }
        if (!parkUntil(start, nanos)) {
          throw new WaitTimeoutException("nothing ready within " + timeout);
        }
      }
    } finally {
      a.removeWaiter(this);
      if (b != null) {
        b.removeWaiter(this);
      }
    }
  }

  private NettyWaitable own(Waitable w) {
    if (w instanceof NettyWaitable nw && nw.owner() == runtime) {
      return nw;
    }
    throw new IllegalArgumentException(w + " does not belong to this runtime");
  }

  /**
   * Validates a timeout (WAIT-4) and turns it into nanoseconds, {@link #FOREVER_NANOS} when
   * unbounded.
   */
  static long timeoutNanos(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    try {
      return timeout.toNanos();
    } catch (ArithmeticException e) {
      return FOREVER_NANOS;
    }
  }

  @Override
  public String toString() {
    return "NettyTask["
        + name
        + (outcome != null ? ", done" : cancelled ? ", cancelled" : "")
        + "]";
  }
}
