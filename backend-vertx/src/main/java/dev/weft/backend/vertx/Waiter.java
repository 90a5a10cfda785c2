package dev.weft.backend.vertx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The parking spot of one task's virtual thread. Each wait arms a new epoch; whoever first moves
 * that epoch out of {@link #WAITING} (readiness, a timer, a cancel) decides the outcome with one
 * compare-and-set, and every later or stale wake-up fails harmlessly. This replaces {@code
 * Future.await()}, which would tie the task to a Vert.x virtual-thread context.
 */
final class Waiter {
  static final int WAITING = 0;
  static final int READY = 1;
  static final int TIMED_OUT = 2;
  static final int CANCELLED = 3;

  private static final int STATUS_BITS = 8;
  private static final long STATUS_MASK = (1L << STATUS_BITS) - 1;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Thread owner;

  /**
   * epoch in the high bits, status in the low {@value #STATUS_BITS}; starts settled (READY of epoch
   * 0).
   */
  @SuppressWarnings("unused")
  private volatile long state = READY;

  Waiter(Thread owner) {
    this.owner = owner;
  }

  /** A registration of one armed epoch; sources keep it until the waiter unregisters. */
  record Ticket(Waiter waiter, long epoch) {
    void wake() {
      waiter.wake(epoch, READY);
    }
  }

  /** Owner only: starts a new wait and returns its epoch. */
  long arm() {
    long epoch = (state >>> STATUS_BITS) + 1;
    state = (epoch << STATUS_BITS) | WAITING;
    return epoch;
  }

  /**
   * Any thread: ends the wait of {@code epoch} with {@code outcome} unless it is already decided.
   */
  boolean wake(long epoch, int outcome) {
    long expected = (epoch << STATUS_BITS) | WAITING;
    if (state == expected
        && STATE.compareAndSet(this, expected, (epoch << STATUS_BITS) | outcome)) {
      LockSupport.unpark(owner);
      return true;
    }
    return false;
  }

  /**
   * Any thread: cancels the current wait, if any. The owner reads the task's cancel flag after
   * {@link #arm()}, so a cancel that misses the epoch is still seen.
   */
  void cancelCurrent() {
    long s = state;
    if ((s & STATUS_MASK) == WAITING) {
      wake(s >>> STATUS_BITS, CANCELLED);
    }
  }

  /** Owner only: decides the wait itself (e.g. already ready); returns the status that won. */
  int settle(long epoch, int outcome) {
    long expected = (epoch << STATUS_BITS) | WAITING;
    if (STATE.compareAndSet(this, expected, (epoch << STATUS_BITS) | outcome)) {
      return outcome;
    }
    return (int) (state & STATUS_MASK);
  }

  /** Owner only: parks until the wait of {@code epoch} is decided and returns the outcome. */
  int await(long epoch) {
    boolean interrupted = false;
    try {
      while (true) {
        long s = state;
        if ((s & STATUS_MASK) != WAITING || (s >>> STATUS_BITS) != epoch) {
          return (int) (s & STATUS_MASK);
        }
        LockSupport.park(this);
        // An interrupt would make every park return at once; keep it for the task, not the spin.
        if (Thread.interrupted()) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        owner.interrupt();
      }
    }
  }
}
