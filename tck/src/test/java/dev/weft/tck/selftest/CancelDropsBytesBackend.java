package dev.weft.tck.selftest;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskCancelledException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * Defect: when the task is cancelled while a read is taking bytes, the read throws {@link
 * TaskCancelledException} instead of returning them, and the bytes are gone. The short park stands
 * for the hand-over an event-loop backend does between taking bytes from the kernel and resuming
 * the reading task (a queue and a wake-up, tens of microseconds), where such a check typically
 * sits. Must fail CANCEL-3.
 */
final class CancelDropsBytesBackend extends ForwardingBackend {
  private static final long HAND_OVER_NANOS = 50_000;

  CancelDropsBytesBackend(Backend real) {
    super("broken-cancel-drops-bytes", real);
  }

  @Override
  protected AsyncRuntime decorate(AsyncRuntime realRuntime) {
    return new ForwardingRuntime(this, realRuntime) {
      @Override
      protected StreamSocket socket(StreamSocket realSocket) {
        return new ForwardingSocket(realSocket) {
          @Override
          public int read(Context ctx, ByteBuffer dst) throws IOException {
            int n = super.read(ctx, dst);
            LockSupport.parkNanos(HAND_OVER_NANOS);
            if (n > 0 && ctx.isCancelled()) {
              throw new TaskCancelledException("cancelled during read");
            }
            return n;
          }
        };
      }
    };
  }
}
