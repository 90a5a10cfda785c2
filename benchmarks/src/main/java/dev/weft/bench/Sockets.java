package dev.weft.bench;

import dev.weft.spi.Context;
import dev.weft.spi.StreamSocket;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Whole-message reads over the SPI's partial reads (READ-2). */
final class Sockets {
  private Sockets() {}

  /** Fills {@code dst}; false on EOF before the first byte, EOFException on EOF mid-message. */
  static boolean readFully(Context ctx, StreamSocket socket, ByteBuffer dst) throws IOException {
    boolean first = true;
    while (dst.hasRemaining()) {
      if (socket.read(ctx, dst) < 0) {
        if (first && dst.position() == 0) {
          return false;
        }
        throw new EOFException("EOF inside a message");
      }
      first = false;
    }
    return true;
  }
}
