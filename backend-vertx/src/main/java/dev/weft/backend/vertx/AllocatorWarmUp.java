package dev.weft.backend.vertx;

import io.netty.buffer.ByteBufAllocator;

/**
 * Initialises the JFR event classes of Netty's buffer allocator on the thread that opens a runtime.
 *
 * <p>Netty 4.2's adaptive allocator initialises them on its first chunk allocation, which happens
 * on an event loop; registering a JFR event type generates proxy classes and takes hundreds of
 * milliseconds, over two seconds on a loaded two-core machine, where it showed up as Vert.x
 * blocked-thread warnings during the TCK's first heavy load. Once per JVM is enough.
 */
final class AllocatorWarmUp {
  private static final String[] EVENTS = {
    "io.netty.buffer.AllocateChunkEvent",
    "io.netty.buffer.FreeChunkEvent",
    "io.netty.buffer.AllocateBufferEvent",
    "io.netty.buffer.FreeBufferEvent",
    "io.netty.buffer.ReallocateBufferEvent",
  };
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
      ClassLoader loader = ByteBufAllocator.class.getClassLoader();
      for (String event : EVENTS) {
        try {
          Class.forName(event, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          // Another Netty version or no jdk.jfr: nothing to initialise ahead of time.
        }
      }
      done = true;
    }
  }
}
