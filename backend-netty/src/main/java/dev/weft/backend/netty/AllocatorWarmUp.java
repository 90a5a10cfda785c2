package dev.weft.backend.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Netty's allocator initialises lazily: arenas, size classes, and in 4.2 the JFR event types of its
 * allocation events, which cost hundreds of milliseconds on a cold JVM (about 2 s measured on this
 * loaded 2-vCPU machine). Left alone, that bill lands on an event loop in the middle of the first
 * read or write, stalling every channel of the loop and timing out short handshakes. The first
 * {@code open} pays it instead, on the application's thread.
 */
final class AllocatorWarmUp {
  private static volatile boolean done;

  private AllocatorWarmUp() {}

  static void ensure() {
    if (done) {
      return;
    }
    synchronized (AllocatorWarmUp.class) {
      if (done) {
        return;
      }
      ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer(64);
      try {
        direct.writeLong(0);
      } finally {
        direct.release();
      }
      ByteBufAllocator.DEFAULT.heapBuffer(64).release();
      done = true;
    }
  }
}
