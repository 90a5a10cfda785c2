package dev.weft.tck.selftest;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.StreamSocket;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Defect: closing a socket while a task is suspended reading it only marks it closed; the real
 * close waits until that read returns on its own (data, EOF or runtime shutdown). Must fail
 * CLOSE-2.
 */
final class CloseIgnoresReaderBackend extends ForwardingBackend {
  CloseIgnoresReaderBackend(Backend real) {
    super("broken-close-ignores-reader", real);
  }

  @Override
  protected AsyncRuntime decorate(AsyncRuntime realRuntime) {
    return new ForwardingRuntime(this, realRuntime) {
      @Override
      protected StreamSocket socket(StreamSocket realSocket) {
        return new LazyClosingSocket(realSocket);
      }
    };
  }

  private static final class LazyClosingSocket extends ForwardingSocket {
    private int readers;
    private boolean closePending;

    LazyClosingSocket(StreamSocket real) {
      super(real);
    }

    @Override
    public int read(Context ctx, ByteBuffer dst) throws IOException {
      synchronized (this) {
        readers++;
      }
      try {
        return super.read(ctx, dst);
      } finally {
        boolean closeNow;
        synchronized (this) {
          readers--;
          closeNow = readers == 0 && closePending;
        }
        if (closeNow) {
          super.close();
        }
      }
    }

    @Override
    public void close() {
      synchronized (this) {
        if (readers > 0) {
          closePending = true;
          return;
        }
      }
      super.close();
    }
  }
}
