package dev.weft.backend.vertx;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.spi.Waitable;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link Context} of one task. Every suspension goes through {@link #block}: register on the
 * sources, arm a Vert.x timer for a finite timeout, park the task's own virtual thread on its
 * {@link Waiter}, then cancel the timer and unregister.
 */
final class TaskContext implements Context {
  /** Timeouts above this are treated as {@link Context#FOREVER}: no timer is armed. */
  private static final long FOREVER_NANOS = Duration.ofDays(365L * 100).toNanos();

  private final VertxTask<?> task;

  TaskContext(VertxTask<?> task) {
    this.task = task;
  }

  /** Nanoseconds of {@code d}, or -1 for "no limit". */
  static long nanosOrForever(Duration d) {
    if (d.compareTo(Duration.ofNanos(FOREVER_NANOS)) >= 0) {
      return -1;
    }
    return d.toNanos();
  }

  Waiter waiter() {
    return task.waiter();
  }

  VertxRuntime vertxRuntime() {
    return task.runtime();
  }

  /** CTX-1: a context is only valid on its own task's thread. */
  void checkThread() {
    if (Thread.currentThread() != task.thread()) {
      throw new IllegalStateException(
          "the context of task '"
              + task.name()
              + "' was used from thread '"
              + Thread.currentThread().getName()
              + "', not from its own task");
    }
  }

  @Override
  public String taskName() {
    checkThread();
    return task.name();
  }

  @Override
  public AsyncRuntime runtime() {
    checkThread();
    return task.runtime();
  }

  @Override
  public boolean isCancelled() {
    checkThread();
    return task.cancelled();
  }

  @Override
  public void checkCancelled() {
    checkThread();
    throwIfCancelled();
  }

  void throwIfCancelled() {
    if (task.cancelled()) {
      throw cancelled();
    }
  }

  TaskCancelledException cancelled() {
    return new TaskCancelledException("task '" + task.name() + "' was cancelled");
  }

  @Override
  public void waitReadable(Waitable w, Duration timeout) throws SocketClosedException {
    checkThread();
    VertxWaitable source = own(w);
    long nanos = validTimeout(timeout);
    throwIfCancelled();
    long deadline = nanos < 0 ? 0 : System.nanoTime() + nanos;
    while (true) {
      if (source.pollReady(this)) {
        return;
      }
      awaitChange(source, null, nanos, deadline, timeout);
    }
  }

  @Override
  public Waitable waitEither(Waitable a, Waitable b, Duration timeout)
      throws SocketClosedException {
    checkThread();
    VertxWaitable first = own(a);
    VertxWaitable second = own(b);
    if (a == b) {
      throw new IllegalArgumentException("waitEither needs two different waitables");
    }
    long nanos = validTimeout(timeout);
    throwIfCancelled();
    long deadline = nanos < 0 ? 0 : System.nanoTime() + nanos;
    while (true) {
      if (first.pollReady(this)) {
        return a;
      }
      if (second.pollReady(this)) {
        return b;
      }
      awaitChange(first, second, nanos, deadline, timeout);
    }
  }

  /**
   * One round of a timed wait: returns when something may have changed, throws on cancel or
   * timeout.
   */
  private void awaitChange(
      WaitSource a, WaitSource b, long nanos, long deadline, Duration timeout) {
    if (nanos == 0) {
      throw new WaitTimeoutException("not ready (poll)");
    }
    long remaining = -1;
    if (nanos > 0) {
      remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new WaitTimeoutException("not ready within " + timeout);
      }
    }
    int status = block(a, b, remaining);
    if (status == Waiter.CANCELLED) {
      throw cancelled();
    }
    // TIMED_OUT loops back: the deadline check above throws once the time has really passed,
    // and readiness that arrived meanwhile is still unconsumed for the next wait (WAIT-6).
    if (status == Waiter.TIMED_OUT && deadline - System.nanoTime() <= 0) {
      throw new WaitTimeoutException("not ready within " + timeout);
    }
  }

  @Override
  public void sleep(Duration duration) {
    checkThread();
    long nanos = validTimeout(duration);
    throwIfCancelled();
    if (nanos < 0) {
      while (true) {
        if (block(null, null, -1) == Waiter.CANCELLED) {
          throw cancelled();
        }
      }
    }
    long deadline = System.nanoTime() + nanos;
    while (true) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return;
      }
      if (block(null, null, remaining) == Waiter.CANCELLED) {
        throw cancelled();
      }
    }
  }

  /**
   * Parks until a source wakes the task, the Vert.x timer of {@code timeoutNanos} fires (when not
   * negative) or the task is cancelled; returns which one won.
   */
  int block(WaitSource a, WaitSource b, long timeoutNanos) {
    Waiter waiter = task.waiter();
    long epoch = waiter.arm();
    Waiter.Ticket ticket = new Waiter.Ticket(waiter, epoch);
    boolean registeredA = false;
    boolean registeredB = false;
    long timer = -1;
    try {
      boolean ready = false;
      if (a != null) {
        ready = a.register(ticket);
        registeredA = true;
      }
      if (b != null) {
        ready |= b.register(ticket);
        registeredB = true;
      }
      if (ready) {
        return waiter.settle(epoch, Waiter.READY);
      }
      if (task.cancelled()) {
        return waiter.settle(epoch, Waiter.CANCELLED);
      }
      if (timeoutNanos >= 0) {
        timer = task.runtime().startTimer(timeoutNanos, () -> waiter.wake(epoch, Waiter.TIMED_OUT));
      }
      return waiter.await(epoch);
    } finally {
      if (timer >= 0) {
        task.runtime().cancelTimer(timer);
      }
      if (registeredA) {
        a.unregister(ticket);
      }
      if (registeredB) {
        b.unregister(ticket);
      }
    }
  }

  private VertxWaitable own(Waitable w) {
    Objects.requireNonNull(w, "waitable");
    if (!(w instanceof VertxWaitable v) || v.runtime() != task.runtime()) {
      throw new IllegalArgumentException("waitable " + w + " does not belong to this runtime");
    }
    return v;
  }

  private static long validTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("negative timeout: " + timeout);
    }
    return nanosOrForever(timeout);
  }

  @Override
  public String toString() {
    return "TaskContext[" + task.name() + "]";
  }
}
