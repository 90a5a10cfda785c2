package dev.weft.backend.netty;

import dev.weft.spi.SocketClosedException;
import dev.weft.spi.Waitable;

/**
 * What {@link NettyTask} needs from a socket, listener or signal to wait on it. Readiness is a
 * level the waitable keeps (queued bytes, EOF, a raise, queued connections), so a waiter registers
 * first and checks the level second: a change that lands in between still unparks it.
 */
interface NettyWaitable extends Waitable {
  NettyRuntime owner();

  /**
   * True when ready now. With {@code consume}, a signal takes its raise in the same atomic step, so
   * a raise is either returned to exactly one wait or left for the next.
   *
   * @throws SocketClosedException when the socket or listener was closed locally (WAIT-8)
   */
  boolean pollReady(boolean consume) throws SocketClosedException;

  /** Registers the task to be unparked when the level may have changed. */
  void addWaiter(NettyTask<?> task);

  void removeWaiter(NettyTask<?> task);
}
