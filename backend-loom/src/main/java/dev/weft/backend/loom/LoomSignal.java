package dev.weft.backend.loom;

import dev.weft.spi.Signal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * An eventfd-like flag with a single waiter slot. Only the raise that turns the flag on unparks the
 * waiter: a raise that finds it already on coalesces, because the earlier raise is still pending
 * and the waiter re-checks the flag after registering (SIG-2).
 */
final class LoomSignal extends LoomWaitable implements Signal {
  private static final VarHandle RAISED;
  private static final VarHandle WAITER;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      RAISED = l.findVarHandle(LoomSignal.class, "raised", boolean.class);
      WAITER = l.findVarHandle(LoomSignal.class, "waiter", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through RAISED
  private volatile boolean raised;

  @SuppressWarnings("unused") // accessed through WAITER
  private volatile Thread waiter;

  LoomSignal(LoomRuntime runtime) {
    super(runtime);
  }

  @Override
  public void raise() {
    if (!(boolean) RAISED.getAndSet(this, true)) {
      Thread w = (Thread) WAITER.getVolatile(this);
      if (w != null) {
        LockSupport.unpark(w);
      }
    }
  }

  @Override
  void checkOpen() {
    // a signal cannot be closed
  }

  @Override
  boolean takeReady(Thread me) {
    Thread w = (Thread) WAITER.getVolatile(this);
    if (w != null && w != me) {
      throw busy();
    }
    return (boolean) RAISED.getVolatile(this) && RAISED.compareAndSet(this, true, false);
  }

  @Override
  void addWaiter(Thread me) {
    Thread w = (Thread) WAITER.compareAndExchange(this, null, me);
    if (w != null && w != me) {
      throw busy();
    }
  }

  @Override
  void removeWaiter(Thread me) {
    WAITER.compareAndSet(this, me, null);
  }

  private static IllegalStateException busy() {
    return new IllegalStateException("another task is already waiting on this signal (SIG-4)");
  }

  @Override
  public String toString() {
    return "LoomSignal[raised=" + raised + "]";
  }
}
