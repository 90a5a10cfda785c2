package dev.weft.backend.kit;

import dev.weft.spi.Signal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link Signal} of every backend: an eventfd-like flag with a single waiter slot. Raising
 * never touches an event loop. Only the raise that turns the flag on unparks the waiter: a raise
 * that finds it already on coalesces, because the earlier raise is still pending and the waiter
 * re-checks the flag after registering (SIG-2).
 */
public final class FlagSignal implements Signal, LevelWaitable {
  private static final VarHandle RAISED;
  private static final VarHandle WAITER;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      RAISED = l.findVarHandle(FlagSignal.class, "raised", boolean.class);
      WAITER = l.findVarHandle(FlagSignal.class, "waiter", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Object owner;

  @SuppressWarnings("unused") // accessed through RAISED
  private volatile boolean raised;

  @SuppressWarnings("unused") // accessed through WAITER
  private volatile Thread waiter;

  /** {@code owner} is the runtime that made the signal; only its tasks may wait on it. */
  public FlagSignal(Object owner) {
    this.owner = owner;
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
  public Object owner() {
    return owner;
  }

  @Override
  public void checkOpen() {
    // a signal cannot be closed
  }

  @Override
  public boolean takeReady(Thread me) {
    Thread w = (Thread) WAITER.getVolatile(this);
    if (w != null && w != me) {
      throw busy();
    }
    // The cheap read first: a busy ping-pong mostly finds the flag down and skips the CAS.
    return (boolean) RAISED.getVolatile(this) && RAISED.compareAndSet(this, true, false);
  }

  @Override
  public void addWaiter(Thread me) {
    Thread w = (Thread) WAITER.compareAndExchange(this, null, me);
    if (w != null && w != me) {
      throw busy();
    }
  }

  @Override
  public void removeWaiter(Thread me) {
    WAITER.compareAndSet(this, me, null);
  }

  private static IllegalStateException busy() {
    return new IllegalStateException("another task is already waiting on this signal (SIG-4)");
  }

  @Override
  public String toString() {
    return "Signal[raised=" + raised + "]";
  }
}
