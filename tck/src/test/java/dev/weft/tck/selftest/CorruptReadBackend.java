package dev.weft.tck.selftest;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.StreamSocket;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Defect: one bit of one byte deep in each socket's inbound stream is flipped, as a bad buffer
 * offset in a backend's read path would do. Rules that move a few bytes cannot see it; the interop
 * suite's byte-for-byte check of 1 MiB must. Must fail PEER-1 / PEER-2.
 */
final class CorruptReadBackend extends ForwardingBackend {
  /** Offset in the inbound stream of the corrupted byte. */
  static final long CORRUPT_AT = 300_000;

  CorruptReadBackend(Backend real) {
    super("broken-corrupt-read", real);
  }

  @Override
  protected AsyncRuntime decorate(AsyncRuntime realRuntime) {
    return new ForwardingRuntime(this, realRuntime) {
      @Override
      protected StreamSocket socket(StreamSocket realSocket) {
        return new ForwardingSocket(realSocket) {
          private long offset;

          @Override
          public int read(Context ctx, ByteBuffer dst) throws IOException {
            int start = dst.position();
            int n = super.read(ctx, dst);
            if (n > 0 && offset <= CORRUPT_AT && CORRUPT_AT < offset + n) {
              int at = start + (int) (CORRUPT_AT - offset);
              dst.put(at, (byte) (dst.get(at) ^ 1));
            }
            offset += Math.max(n, 0);
            return n;
          }
        };
      }
    };
  }
}
