package dev.weft.backend.kit;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one-reader or one-writer rule of a socket (READ-3): {@link #enter()} claims the side or
 * throws, {@link #exit()} releases it. One compare-and-set per call, no allocation.
 */
public final class ExclusiveUse {
  private final AtomicBoolean busy = new AtomicBoolean();
  private final String whenBusy;

  /** {@code whenBusy} is the message of the exception a second, concurrent caller gets. */
  public ExclusiveUse(String whenBusy) {
    this.whenBusy = whenBusy;
  }

  /** Claims the side; throws {@link IllegalStateException} while another caller holds it. */
  public void enter() {
    if (!busy.compareAndSet(false, true)) {
      throw new IllegalStateException(whenBusy);
    }
  }

  public void exit() {
    busy.set(false);
  }
}
