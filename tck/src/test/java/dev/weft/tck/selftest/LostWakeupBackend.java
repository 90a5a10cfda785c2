package dev.weft.tck.selftest;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.Signal;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.Waitable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Defect: a raise that arrives while a task is parked on the signal is sometimes dropped (the first
 * one and then every third), the classic check-then-park race. Raises before a wait still coalesce,
 * so only a test that raises into a parked waiter sees it. Must fail SIG-1 / STRESS-1.
 */
final class LostWakeupBackend extends ForwardingBackend {
  LostWakeupBackend(Backend real) {
    super("broken-lost-wakeup", real);
  }

  @Override
  protected AsyncRuntime decorate(AsyncRuntime realRuntime) {
    return new ForwardingRuntime(this, realRuntime) {
      @Override
      protected Signal signal(Signal realSignal) {
        return new LossySignal(realSignal);
      }

      @Override
      protected Context context(Context realContext) {
        return new ForwardingContext(this, realContext) {
          @Override
          public void waitReadable(Waitable w, Duration timeout) throws SocketClosedException {
            LossySignal s = w instanceof LossySignal l ? l : null;
            park(s, 1);
            try {
              super.waitReadable(w, timeout);
            } finally {
              park(s, -1);
            }
          }

          @Override
          public Waitable waitEither(Waitable a, Waitable b, Duration timeout)
              throws SocketClosedException {
            LossySignal sa = a instanceof LossySignal l ? l : null;
            LossySignal sb = b instanceof LossySignal l ? l : null;
            park(sa, 1);
            park(sb, 1);
            try {
              return super.waitEither(a, b, timeout);
            } finally {
              park(sa, -1);
              park(sb, -1);
            }
          }
        };
      }
    };
  }

  private static void park(LossySignal s, int delta) {
    if (s != null) {
      s.parked.addAndGet(delta);
    }
  }

  private static final class LossySignal extends ForwardingSignal {
    final AtomicInteger parked = new AtomicInteger();
    private final AtomicInteger raisesWhileParked = new AtomicInteger();

    LossySignal(Signal real) {
      super(real);
    }

    @Override
    public void raise() {
      if (parked.get() > 0 && raisesWhileParked.getAndIncrement() % 3 == 0) {
        return;
      }
      super.raise();
    }
  }
}
