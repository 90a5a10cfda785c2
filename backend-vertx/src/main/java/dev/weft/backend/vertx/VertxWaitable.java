package dev.weft.backend.vertx;

import dev.weft.spi.SocketClosedException;
import dev.weft.spi.Waitable;

/** A socket, listener or signal of this backend, as seen by {@link TaskContext#waitReadable}. */
interface VertxWaitable extends Waitable, WaitSource {
  VertxRuntime runtime();

  /**
   * True when readable now (WAIT-1). A signal consumes its raise here (SIG-3).
   *
   * @throws SocketClosedException when closed locally (WAIT-8)
   * @throws IllegalStateException when another task is waiting on this signal (SIG-4)
   */
  boolean pollReady(TaskContext waiter) throws SocketClosedException;
}
