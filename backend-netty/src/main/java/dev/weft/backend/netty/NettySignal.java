package dev.weft.backend.netty;

import dev.weft.spi.Signal;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A raise flag plus the one task allowed to wait on it (SIG-4). Raising never touches an event
 * loop: it is a flag write and, when someone waits, one unpark of that virtual thread.
 */
final class NettySignal implements Signal, NettyWaitable {
  private final NettyRuntime owner;
  private final AtomicBoolean raised = new AtomicBoolean();
  private final AtomicReference<NettyTask<?>> waiter = new AtomicReference<>();

  NettySignal(NettyRuntime owner) {
    this.owner = owner;
  }

  @Override
  public void raise() {
    raised.set(true);
    NettyTask<?> t = waiter.get();
    if (t != null) {
      LockSupport.unpark(t.thread());
    }
  }

  @Override
  public NettyRuntime owner() {
    return owner;
  }

  @Override
  public boolean pollReady(boolean consume) {
    if (consume) {
      // The cheap read first: a busy ping-pong mostly finds the flag down and skips the CAS.
      return raised.get() && raised.compareAndSet(true, false);
    }
    return raised.get();
  }

  @Override
  public void addWaiter(NettyTask<?> task) {
    while (true) {
      NettyTask<?> current = waiter.get();
      if (current == task) {
        return;
      }
      if (current != null) {
        throw new IllegalStateException(
            "signal already has a waiting task ('"
                + current.taskNameUnchecked()
                + "'); a signal has one waiter at a time (SIG-4)");
      }
      if (waiter.compareAndSet(null, task)) {
        return;
      }
    }
  }

  @Override
  public void removeWaiter(NettyTask<?> task) {
    waiter.compareAndSet(task, null);
  }

  @Override
  public String toString() {
    return "NettySignal[raised=" + raised.get() + "]";
  }
}
