package dev.weft.tck.spi;

import dev.weft.spi.Context;
import dev.weft.spi.StreamSocket;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/** Reads and writes on a socket of the backend under test, from inside a task. */
final class BackendIo {
  private static final int WRITE_CHUNK = 64 * 1024;

  private BackendIo() {}

  /** Exactly {@code n} bytes; fails on EOF first. */
  static byte[] readExactly(Context ctx, StreamSocket s, int n) throws IOException {
    ByteBuffer dst = ByteBuffer.allocate(n);
    while (dst.hasRemaining()) {
      int r = s.read(ctx, dst);
      if (r < 0) {
        throw new EOFException("EOF after " + dst.position() + " of " + n + " bytes");
      }
    }
    return dst.array();
  }

  /** Every byte up to EOF, at most {@code max}. */
  static byte[] readToEof(Context ctx, StreamSocket s, int max) throws IOException {
    ByteBuffer dst = ByteBuffer.allocate(max + 1);
    while (true) {
      int r = s.read(ctx, dst);
      if (r < 0) {
        byte[] out = new byte[dst.position()];
        dst.flip().get(out);
        return out;
      }
      if (!dst.hasRemaining()) {
        throw new IOException("more than " + max + " bytes before EOF");
      }
    }
  }

  /** Writes 64 KiB chunks until blocked for good; counts bytes into {@code progress} if given. */
  static Void writeForever(Context ctx, StreamSocket s, AtomicLong progress) throws Exception {
    ByteBuffer chunk = ByteBuffer.allocate(WRITE_CHUNK);
    while (true) {
      chunk.clear();
      long n = s.write(ctx, chunk);
      if (progress != null) {
        progress.addAndGet(n);
      }
    }
  }
}
