package dev.weft.tck.selftest;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskCancelledException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Defect: when the task is cancelled while a read is taking bytes, the read throws
 * {@link TaskCancelledException} instead of returning them, and the bytes are gone. The yield
 * stands for the hand-over a real backend does between the kernel read and its caller (a buffer
 * copy, an event-loop hop), where such a check typically sits. Must fail CANCEL-3.
 */
final class CancelDropsBytesBackend extends ForwardingBackend {
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
                        Thread.yield();
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
