package dev.weft.client;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Task;
import dev.weft.spi.TaskHandle;

/**
 * Marks the threads running a connection's own tasks (connection loop, writer, dispatchers). On
 * them blocking for buffer space would deadlock, a close cannot join the task it runs on, and a
 * drain cannot wait for the handler that called it.
 */
final class OwnTasks {
  private static final ThreadLocal<Connection> OWNER = new ThreadLocal<>();
  private static final ThreadLocal<Subscription> DISPATCHING = new ThreadLocal<>();

  private OwnTasks() {}

  /** Spawns a task of {@code owner} on its runtime, marked for its whole run. */
  static <T> TaskHandle<T> spawn(
      AsyncRuntime runtime, String name, Connection owner, Subscription dispatching, Task<T> body) {
    return runtime.spawn(
        name,
        ctx -> {
          OWNER.set(owner);
          DISPATCHING.set(dispatching);
          try {
            return body.run(ctx);
          } finally {
            OWNER.remove();
            DISPATCHING.remove();
          }
        });
  }

  /** True on a task of {@code c}. */
  static boolean isOwnedBy(Connection c) {
    return OWNER.get() == c;
  }

  /** True on a task of any connection. */
  static boolean isAnyClientTask() {
    return OWNER.get() != null;
  }

  /** The subscription whose handler runs on this thread, or null. */
  static Subscription dispatching() {
    return DISPATCHING.get();
  }
}
