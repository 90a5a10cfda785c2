package dev.weft.backend.loom;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.spi.Waitable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * A task's context, and the one place a task suspends. Every suspension parks the task's own
 * virtual thread on a loop that re-checks, in this order, cancellation, close, readiness and the
 * deadline. Nothing ever interrupts a task thread (an interrupt would close a channel it is blocked
 * on); a cancel sets a flag and unparks, so it wakes the task wherever it is parked.
 */
final class TaskContext implements Context {
  private final LoomRuntime runtime;
  private final String name;
  private volatile Thread thread;
  private volatile boolean cancelled;

  /** Only touched by the task's own thread. */
  private boolean interruptPending;

  TaskContext(LoomRuntime runtime, String name) {
    this.runtime = runtime;
    this.name = name;
  }

  void bind(Thread t) {
    this.thread = t;
  }

  Thread thread() {
    return thread;
  }

  LoomRuntime owner() {
    return runtime;
  }

  /** Idempotent and thread-safe; the unpark makes a parked task re-check its loop (CANCEL-4). */
  void cancel() {
    if (!cancelled) {
      cancelled = true;
    }
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** CTX-1: a context only works on its own task's thread. */
  void ensureOwner() {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(
          "context of task '"
              + name
              + "' used from "
              + Thread.currentThread()
              + "; a context is only valid on its own task (CTX-1)");
    }
  }

  /** The cancellation check of a suspension (CANCEL-2), without the owner check. */
  void throwIfCancelled() {
    if (cancelled) {
      throw new TaskCancelledException("task '" + name + "' was cancelled");
    }
  }

  boolean cancelled() {
    return cancelled;
  }

  /**
   * Parks until unparked or {@code deadline}; callers loop and re-check their condition.
   *
   * @return false when the deadline had already passed, so the caller should time out
   */
  boolean park(long deadline, boolean forever, Object blocker) {
    if (forever) {
      park(blocker);
      return true;
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    clearInterrupt();
    LockSupport.parkNanos(blocker, left);
    return true;
  }

  /** Parks until unparked; callers loop and re-check their condition. */
  void park(Object blocker) {
    clearInterrupt();
    LockSupport.park(blocker);
  }

  /**
   * An interrupted thread cannot park (park returns at once), so a wait loop would spin. Task
   * suspensions are woken by cancel, not interrupt: the status is set aside while the task is
   * suspended and put back by {@link #restoreInterrupt()} when the operation returns.
   */
  private void clearInterrupt() {
    if (Thread.interrupted()) {
      interruptPending = true;
    }
  }

  /** Puts back an interrupt set aside during the suspension that is ending. */
  void restoreInterrupt() {
    if (interruptPending) {
      interruptPending = false;
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String taskName() {
    ensureOwner();
    return name;
  }

  @Override
  public AsyncRuntime runtime() {
    ensureOwner();
    return runtime;
  }

  @Override
  public boolean isCancelled() {
    ensureOwner();
    return cancelled;
  }

  @Override
  public void checkCancelled() {
    ensureOwner();
    throwIfCancelled();
  }

  @Override
  public void waitReadable(Waitable w, Duration timeout) throws SocketClosedException {
    ensureOwner();
    LoomWaitable lw = runtime.ownWaitable(w);
    long nanos = Timeouts.nanos(timeout);
    await(lw, null, nanos);
  }

  @Override
  public Waitable waitEither(Waitable a, Waitable b, Duration timeout)
      throws SocketClosedException {
    ensureOwner();
    LoomWaitable la = runtime.ownWaitable(a);
    LoomWaitable lb = runtime.ownWaitable(b);
    if (la == lb) {
      throw new IllegalArgumentException("waitEither needs two different waitables");
    }
    long nanos = Timeouts.nanos(timeout);
    return await(la, lb, nanos);
  }

  private Waitable await(LoomWaitable a, LoomWaitable b, long nanos) throws SocketClosedException {
    Thread me = Thread.currentThread();
    throwIfCancelled();
    LoomWaitable ready = probe(a, b, me);
    if (ready != null) {
      return ready;
    }
    if (nanos == 0) {
      throw new WaitTimeoutException("nothing ready (poll)");
    }
    boolean forever = Timeouts.isForever(nanos);
    long deadline = System.nanoTime() + nanos;
    a.addWaiter(me);
    try {
      if (b != null) {
        b.addWaiter(me);
      }
      while (true) {
        throwIfCancelled();
        ready = probe(a, b, me);
        if (ready != null) {
          return ready;
        }
        if (!park(deadline, forever, a)) {
          throw new WaitTimeoutException("nothing ready within " + Duration.ofNanos(nanos));
        }
      }
    } finally {
      a.removeWaiter(me);
      if (b != null) {
        b.removeWaiter(me);
      }
      restoreInterrupt();
    }
  }

  /**
   * {@code a} wins a tie, and {@code b} is only touched (consumed) when {@code a} is not ready
   * (EITHER-1).
   */
  private static LoomWaitable probe(LoomWaitable a, LoomWaitable b, Thread me)
      throws SocketClosedException {
    a.checkOpen();
    if (a.takeReady(me)) {
      return a;
    }
    if (b != null) {
      b.checkOpen();
      if (b.takeReady(me)) {
        return b;
      }
    }
    return null;
  }

  @Override
  public void sleep(Duration duration) {
    ensureOwner();
    long nanos = Timeouts.nanos(duration);
    throwIfCancelled();
    if (nanos == 0) {
      return;
    }
    boolean forever = Timeouts.isForever(nanos);
    long deadline = System.nanoTime() + nanos;
    try {
      while (true) {
        throwIfCancelled();
        if (!park(deadline, forever, this)) {
          return;
        }
      }
    } finally {
      restoreInterrupt();
    }
  }

  @Override
  public String toString() {
    return "TaskContext[" + name + (cancelled ? ", cancelled" : "") + "]";
  }

  static TaskContext requireNonNull(Context ctx) {
    return (TaskContext) Objects.requireNonNull(ctx, "ctx");
  }
}
