package dev.weft.backend.vertx;

import dev.weft.spi.Signal;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An auto-reset flag with at most one waiting task. Lock-free, so {@link #raise()} is safe (and
 * never blocks) on an event loop, a task or any other thread.
 */
final class VertxSignal implements Signal, VertxWaitable {
  private final VertxRuntime runtime;
  private final AtomicBoolean raised = new AtomicBoolean();
  private final AtomicReference<Waiter.Ticket> waiting = new AtomicReference<>();

  VertxSignal(VertxRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public void raise() {
    // Flag first, then look for a waiter: the waiter registers first, then looks at the flag.
    raised.set(true);
    Waiter.Ticket ticket = waiting.get();
    if (ticket != null) {
      ticket.wake();
    }
  }

  @Override
  public VertxRuntime runtime() {
    return runtime;
  }

  @Override
  public boolean pollReady(TaskContext waiter) {
    rejectSecondWaiter(waiter.waiter());
    return raised.compareAndSet(true, false);
  }

  @Override
  public boolean register(Waiter.Ticket ticket) {
    while (!waiting.compareAndSet(null, ticket)) {
      rejectSecondWaiter(ticket.waiter());
      if (waiting.get() != null) {
        throw new IllegalStateException("signal is already registered by this task");
      }
    }
    return raised.get();
  }

  @Override
  public void unregister(Waiter.Ticket ticket) {
    waiting.compareAndSet(ticket, null);
  }

  private void rejectSecondWaiter(Waiter mine) {
    Waiter.Ticket current = waiting.get();
    if (current != null && current.waiter() != mine) {
      throw new IllegalStateException("another task is already waiting on this signal (SIG-4)");
    }
  }

  @Override
  public String toString() {
    return "VertxSignal[raised=" + raised.get() + "]";
  }
}
