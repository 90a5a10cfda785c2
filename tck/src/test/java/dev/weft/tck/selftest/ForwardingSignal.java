package dev.weft.tck.selftest;

import dev.weft.spi.Signal;

/** Forwards a signal. */
class ForwardingSignal implements Signal, Decorated<Signal> {
  private final Signal real;

  ForwardingSignal(Signal real) {
    this.real = real;
  }

  @Override
  public Signal real() {
    return real;
  }

  @Override
  public void raise() {
    real.raise();
  }
}
