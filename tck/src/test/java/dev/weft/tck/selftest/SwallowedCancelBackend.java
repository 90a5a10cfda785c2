package dev.weft.tck.selftest;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.Waitable;
import java.time.Duration;

/**
 * Defect: sleeps and waits catch {@link TaskCancelledException} and carry on as if they had ended
 * normally, so a cancelled task runs on. Must fail CANCEL-2 (or CANCEL-4).
 */
final class SwallowedCancelBackend extends ForwardingBackend {
  SwallowedCancelBackend(Backend real) {
    super("broken-swallowed-cancel", real);
  }

  @Override
  protected AsyncRuntime decorate(AsyncRuntime realRuntime) {
    return new ForwardingRuntime(this, realRuntime) {
      @Override
      protected Context context(Context realContext) {
        return new ForwardingContext(this, realContext) {
          @Override
          public void sleep(Duration duration) {
            try {
              super.sleep(duration);
            } catch (TaskCancelledException swallowed) {
              // the defect
            }
          }

          @Override
          public void waitReadable(Waitable w, Duration timeout) throws SocketClosedException {
            try {
              super.waitReadable(w, timeout);
            } catch (TaskCancelledException swallowed) {
              // the defect
            }
          }

          @Override
          public Waitable waitEither(Waitable a, Waitable b, Duration timeout)
              throws SocketClosedException {
            try {
              return super.waitEither(a, b, timeout);
            } catch (TaskCancelledException swallowed) {
              return a;
            }
          }
        };
      }
    };
  }
}
