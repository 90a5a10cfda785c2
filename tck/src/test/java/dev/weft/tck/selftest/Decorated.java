package dev.weft.tck.selftest;

import dev.weft.spi.Context;
import dev.weft.spi.Waitable;

/**
 * A decorator of an SPI object. The real backend only recognises its own contexts, sockets,
 * listeners and signals, so everything handed back to it is unwrapped first.
 */
interface Decorated<T> {
  T real();

  static Context realOf(Context ctx) {
    return ctx instanceof ForwardingContext f ? f.real() : ctx;
  }

  /**
   * Foreign waitables (another runtime's) pass through untouched so the real backend rejects them.
   */
  static Waitable realOf(Waitable w) {
    return w instanceof Decorated<?> d && d.real() instanceof Waitable real ? real : w;
  }
}
