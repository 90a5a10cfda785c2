package dev.weft.tck.selftest;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.ShutdownReport;
import dev.weft.spi.Signal;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.Task;
import dev.weft.spi.TaskHandle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Forwards a runtime and decorates every context, socket, listener and signal it hands out, through
 * the overridable factories below.
 */
class ForwardingRuntime implements AsyncRuntime, Decorated<AsyncRuntime> {
  private final Backend backend;
  private final AsyncRuntime real;

  ForwardingRuntime(Backend backend, AsyncRuntime real) {
    this.backend = backend;
    this.real = real;
  }

  @Override
  public AsyncRuntime real() {
    return real;
  }

  protected Context context(Context realContext) {
    return new ForwardingContext(this, realContext);
  }

  protected StreamSocket socket(StreamSocket realSocket) {
    return new ForwardingSocket(realSocket);
  }

  protected Listener listener(Listener realListener) {
    return new ForwardingListener(this, realListener);
  }

  protected Signal signal(Signal realSignal) {
    return new ForwardingSignal(realSignal);
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public String transport() {
    return real.transport();
  }

  @Override
  public <T> TaskHandle<T> spawn(String name, Task<T> body) {
    return real.spawn(name, ctx -> body.run(context(ctx)));
  }

  @Override
  public <T> T runBlocking(String name, Task<T> body) throws Exception {
    return real.runBlocking(name, ctx -> body.run(context(ctx)));
  }

  @Override
  public Listener listen(InetSocketAddress address) throws IOException {
    return listener(real.listen(address));
  }

  @Override
  public StreamSocket connect(Context ctx, InetSocketAddress address, Duration timeout)
      throws IOException {
    return socket(real.connect(Decorated.realOf(ctx), address, timeout));
  }

  @Override
  public Signal newSignal() {
    return signal(real.newSignal());
  }

  @Override
  public ShutdownReport shutdown(Duration grace) {
    return real.shutdown(grace);
  }

  @Override
  public void close() {
    real.close();
  }
}
