package dev.weft.backend.kit;

import dev.weft.spi.SocketClosedException;
import dev.weft.spi.WaitTimeoutException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The one place a task suspends. Every suspension parks the task's own virtual thread in a loop
 * that re-checks, in this order, cancellation, close, readiness and the deadline; wakers (I/O,
 * {@link VirtualTask#cancel()}, a close, a raise) only change a level and unpark, so the task alone
 * decides the result and a result, a timeout and a cancel can never both win. Owned by one task and
 * used only on its thread.
 */
public final class Parker {
  private final VirtualTask<?> task;

  /** Only touched by the task's own thread. */
  private boolean interruptPending;

  public Parker(VirtualTask<?> task) {
    this.task = task;
  }

  public VirtualTask<?> task() {
    return task;
  }

  /** Parks until unparked; callers loop and re-check their condition. */
  public void park(Object blocker) {
    clearInterrupt();
    LockSupport.park(blocker);
  }

  /**
   * Parks until unparked or {@code deadline} (a {@link System#nanoTime()} value); callers loop and
   * re-check their condition.
   *
   * @return false when the deadline had already passed, so the caller should time out
   */
  public boolean parkUntil(long deadline, boolean forever, Object blocker) {
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
  public void restoreInterrupt() {
    if (interruptPending) {
      interruptPending = false;
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Takes the next item {@code w} holds (a listener's queued connection), parking until there is
   * one: the thread registers first and then checks close, cancellation and {@code next}, so a
   * wake-up between the check and the park is not lost. {@code next} returns null when empty.
   */
  public <T> T awaitNext(LevelWaitable w, Supplier<? extends T> next) throws SocketClosedException {
    Thread me = Thread.currentThread();
    w.addWaiter(me);
    try {
      while (true) {
        w.checkOpen();
        task.throwIfCancelled();
        T item = next.get();
        if (item != null) {
          return item;
        }
        park(w);
      }
    } finally {
      w.removeWaiter(me);
      restoreInterrupt();
    }
  }

  /**
   * Waits until {@code a} or, when not null, {@code b} is ready (WAIT-1, EITHER-1) and returns
   * which; {@code a} wins a tie. Both must be distinct waitables of the caller's runtime.
   */
  public LevelWaitable await(LevelWaitable a, LevelWaitable b, long nanos)
      throws SocketClosedException {
    Thread me = Thread.currentThread();
    task.throwIfCancelled();
    LevelWaitable ready = probe(a, b, me);
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
        task.throwIfCancelled();
        ready = probe(a, b, me);
        if (ready != null) {
          return ready;
        }
        if (!parkUntil(deadline, forever, a)) {
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

  /** {@code b} is only touched (consumed) when {@code a} is not ready (EITHER-1). */
  private static LevelWaitable probe(LevelWaitable a, LevelWaitable b, Thread me)
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

  /** Sleeps {@code nanos} (forever allowed), cut short only by a cancel (CANCEL-2). */
  public void sleep(long nanos) {
    task.throwIfCancelled();
    if (nanos == 0) {
      return;
    }
    boolean forever = Timeouts.isForever(nanos);
    long deadline = System.nanoTime() + nanos;
    try {
      while (true) {
        task.throwIfCancelled();
        if (!parkUntil(deadline, forever, this)) {
          return;
        }
      }
    } finally {
      restoreInterrupt();
    }
  }
}
