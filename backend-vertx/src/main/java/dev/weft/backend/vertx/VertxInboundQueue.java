package dev.weft.backend.vertx;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The bounded inbound queue of one socket: the Buffers its data handler received and the reading
 * task has not taken yet. Not thread-safe: the owning {@link VertxSocket}'s lock guards every call,
 * and the socket pauses the NetSocket once {@link #bytes()} reaches its bound.
 */
final class VertxInboundQueue {
  private final ArrayDeque<Buffer> buffers = new ArrayDeque<>();
  private int headOffset;
  private long bytes;

  void add(Buffer data) {
    buffers.add(data);
    bytes += data.length();
  }

  boolean isEmpty() {
    return buffers.isEmpty();
  }

  long bytes() {
    return bytes;
  }

  void clear() {
    buffers.clear();
    headOffset = 0;
    bytes = 0;
  }

  /** Moves what is queued into {@code dst}, up to its remaining space; returns the count. */
  int drainInto(ByteBuffer dst) {
    int total = 0;
    while (dst.hasRemaining() && !buffers.isEmpty()) {
      Buffer head = buffers.peekFirst();
      int available = head.length() - headOffset;
      int n = Math.min(available, dst.remaining());
      if (dst.hasArray()) {
        head.getBytes(headOffset, headOffset + n, dst.array(), dst.arrayOffset() + dst.position());
        dst.position(dst.position() + n);
      } else {
        dst.put(head.getBytes(headOffset, headOffset + n));
      }
      total += n;
      headOffset += n;
      if (headOffset == head.length()) {
        buffers.pollFirst();
        headOffset = 0;
      }
    }
    bytes -= total;
    return total;
  }
}
