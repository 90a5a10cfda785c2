package dev.weft.backend.nettykit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Netty's allocator initialises lazily: arenas, size classes, and in 4.2 the JFR event types of its
 * allocation events. Registering a JFR event type generates proxy classes and costs hundreds of
 * milliseconds on a cold JVM, over two seconds on a loaded two-core machine. Left alone, that bill
 * lands on an event loop in the middle of the first read or write, stalling every channel of the
 * loop (Vert.x reports blocked-thread warnings, short handshakes time out). Opening a runtime pays
 * it instead, on the application's thread, once per JVM.
 */
public final class AllocatorWarmUp {
  private static final String[] EVENTS = {
    "io.netty.buffer.AllocateChunkEvent",
    "io.netty.buffer.FreeChunkEvent",
    "io.netty.buffer.AllocateBufferEvent",
    "io.netty.buffer.FreeBufferEvent",
    "io.netty.buffer.ReallocateBufferEvent",
  };
  private static volatile boolean done;

  private AllocatorWarmUp() {}

  public static void ensure() {
    if (done) {
      return;
    }
    synchronized (AllocatorWarmUp.class) {
      if (done) {
        return;
      }
      ClassLoader loader = ByteBufAllocator.class.getClassLoader();
      for (String event : EVENTS) {
        try {
          Class.forName(event, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          // Another Netty version or no jdk.jfr: nothing to initialise ahead of time.
        }
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
