package dev.weft.tck.selftest;

import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.StreamSocket;
import java.io.IOException;
import java.net.InetSocketAddress;

/** Forwards a listener; accepted sockets are decorated by the runtime's socket factory. */
class ForwardingListener implements Listener, Decorated<Listener> {
  private final ForwardingRuntime runtime;
  private final Listener real;

  ForwardingListener(ForwardingRuntime runtime, Listener real) {
    this.runtime = runtime;
    this.real = real;
  }

  @Override
  public Listener real() {
    return real;
  }

  @Override
  public InetSocketAddress localAddress() {
    return real.localAddress();
  }

  @Override
  public StreamSocket accept(Context ctx) throws IOException {
    return runtime.socket(real.accept(Decorated.realOf(ctx)));
  }

  @Override
  public boolean isOpen() {
    return real.isOpen();
  }

  @Override
  public void close() {
    real.close();
  }
}
