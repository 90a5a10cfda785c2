package dev.weft.tck.selftest;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.Waitable;
import java.time.Duration;

/**
 * Defect: a wait with a finite, non-zero timeout waits until ready, however long that takes. Polls
 * (zero), negative timeouts and cancellation still behave. Must fail WAIT-6.
 */
final class IgnoredTimeoutBackend extends ForwardingBackend {
  IgnoredTimeoutBackend(Backend real) {
    super("broken-ignored-timeout", real);
  }

  private static Duration ignore(Duration timeout) {
    return timeout != null && timeout.isPositive() ? Context.FOREVER : timeout;
  }

  @Override
  protected AsyncRuntime decorate(AsyncRuntime realRuntime) {
    return new ForwardingRuntime(this, realRuntime) {
      @Override
      protected Context context(Context realContext) {
        return new ForwardingContext(this, realContext) {
          @Override
          public void waitReadable(Waitable w, Duration timeout) throws SocketClosedException {
            super.waitReadable(w, ignore(timeout));
          }

          @Override
          public Waitable waitEither(Waitable a, Waitable b, Duration timeout)
              throws SocketClosedException {
            return super.waitEither(a, b, ignore(timeout));
          }
        };
      }
    };
  }
}
