package dev.weft.backend.kit;

import dev.weft.spi.SocketClosedException;
import dev.weft.spi.Waitable;

/**
 * The waitable protocol of every backend. Readiness is a level the waitable keeps (queued bytes,
 * EOF, a raise, queued connections). A waiting task registers its thread first and checks the level
 * second, and whoever changes the level (a pump, an event loop, a raise, a close) unparks the
 * registered threads after publishing it, so no wake-up is lost. {@link Parker} runs that loop.
 */
public interface LevelWaitable extends Waitable {
  /** The runtime this waitable belongs to; a runtime only waits on its own. */
  Object owner();

  /** Throws when closed locally (WAIT-8); a signal never is. */
  void checkOpen() throws SocketClosedException;

  /**
   * True when ready. A signal consumes its raise here (SIG-3), so call it only when the signal is
   * the one to return. {@code me} is the waiting thread, for the one-waiter rule (SIG-4).
   */
  boolean takeReady(Thread me);

  /**
   * Registers {@code me} to be unparked on readiness or close; ISE if the slot is taken (SIG-4).
   */
  void addWaiter(Thread me);

  void removeWaiter(Thread me);
}
