package dev.weft.tck.selftest;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.Waitable;
import java.time.Duration;

/**
 * Forwards a task's context; waitables are unwrapped on the way in and mapped back on the way out.
 */
class ForwardingContext implements Context, Decorated<Context> {
  private final AsyncRuntime runtime;
  private final Context real;

  ForwardingContext(AsyncRuntime runtime, Context real) {
    this.runtime = runtime;
    this.real = real;
  }

  @Override
  public Context real() {
    return real;
  }

  @Override
  public String taskName() {
    return real.taskName();
  }

  @Override
  public AsyncRuntime runtime() {
    // Called for its CTX-1 check: off the task's thread it must throw, as the real one does.
    real.runtime();
    return runtime;
  }

  @Override
  public boolean isCancelled() {
    return real.isCancelled();
  }

  @Override
  public void checkCancelled() {
    real.checkCancelled();
  }

  @Override
  public void waitReadable(Waitable w, Duration timeout) throws SocketClosedException {
    real.waitReadable(Decorated.realOf(w), timeout);
  }

  @Override
  public Waitable waitEither(Waitable a, Waitable b, Duration timeout)
      throws SocketClosedException {
    Waitable ready = real.waitEither(Decorated.realOf(a), Decorated.realOf(b), timeout);
    return ready == Decorated.realOf(a) ? a : b;
  }

  @Override
  public void sleep(Duration duration) {
    real.sleep(duration);
  }
}
