package dev.weft.backend.loom;

import dev.weft.spi.SocketClosedException;
import dev.weft.spi.Waitable;

/**
 * What {@link TaskContext#waitReadable} and {@link TaskContext#waitEither} need from a socket,
 * listener or signal of this backend. A waiting task registers, re-checks, then parks; whoever
 * makes the waitable ready (a pump, a raise, a close) unparks the registered threads.
 */
abstract sealed class LoomWaitable implements Waitable
    permits LoomSignal, LoomSocket, LoomListener {
  private final LoomRuntime runtime;

  LoomWaitable(LoomRuntime runtime) {
    this.runtime = runtime;
  }

  final LoomRuntime runtime() {
    return runtime;
  }

  /** Throws when closed locally (WAIT-8); a signal never is. */
  abstract void checkOpen() throws SocketClosedException;

  /**
   * True when ready. For a signal this consumes the raise (SIG-3), so call it only when the signal
   * is the one to return. {@code me} is the waiting thread, for the one-waiter rule.
   */
  abstract boolean takeReady(Thread me);

  /**
   * Registers {@code me} to be unparked on readiness or close; throws ISE if the slot is taken
   * (SIG-4).
   */
  abstract void addWaiter(Thread me);

  abstract void removeWaiter(Thread me);
}
