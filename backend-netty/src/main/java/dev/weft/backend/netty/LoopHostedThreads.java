package dev.weft.backend.netty;

import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;

/**
 * Virtual threads scheduled on an event loop instead of the JDK's default ForkJoinPool, for the
 * opt-in option {@code weft.netty.tasksOnEventLoop}. A wake-up from the loop to such a task is then
 * a same-thread enqueue instead of a cross-thread hand-off, which costs far more (figures in
 * docs/benchmarks.md, "Figures behind design comments").
 *
 * <p>The JDK has no public API for a custom virtual-thread scheduler; this uses the package-private
 * {@code ThreadBuilders.VirtualThreadBuilder(Executor)} constructor, which needs {@code --add-opens
 * java.base/java.lang=dev.weft.backend.netty} (or {@code =ALL-UNNAMED} on the class path) and may
 * change in any JDK release. Netty's {@code execute} always enqueues, which a virtual-thread
 * scheduler must do.
 */
final class LoopHostedThreads {
  private static final Constructor<?> BUILDER;
  private static final String UNAVAILABLE;

  static {
    Constructor<?> ctor = null;
    String why = null;
    try {
      Class<?> type = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
      ctor = type.getDeclaredConstructor(Executor.class);
      ctor.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      ctor = null;
      why = e.toString();
    }
    BUILDER = ctor;
    UNAVAILABLE = why;
  }

  private LoopHostedThreads() {}

  static boolean available() {
    return BUILDER != null;
  }

  static String unavailableReason() {
    return UNAVAILABLE;
  }

  static Thread.Builder.OfVirtual builder(Executor loop) {
    try {
      return (Thread.Builder.OfVirtual) BUILDER.newInstance(loop);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create a loop-hosted virtual thread builder", e);
    }
  }
}
