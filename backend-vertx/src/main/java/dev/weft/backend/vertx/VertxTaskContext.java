package dev.weft.backend.vertx;

import dev.weft.backend.kit.LevelWaitable;
import dev.weft.backend.kit.Parker;
import dev.weft.backend.kit.Timeouts;
import dev.weft.backend.kit.VirtualTask;
import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.Waitable;
import java.time.Duration;
import java.util.Objects;

/**
 * A task's {@link Context} in the Vert.x backend: the kit's {@link VirtualTask} and {@link Parker}
 * bound to a {@link VertxRuntime}. The task runs on a virtual thread of the JDK's default scheduler
 * (never an event loop, never a Vert.x virtual-thread context) and parks it through {@link
 * #parker()}; this replaces {@code Future.await()}, which would tie the task to a Vert.x context.
 */
final class VertxTaskContext implements Context {
  private final VertxRuntime runtime;
  private final VirtualTask<?> task;
  private final Parker parker;

  VertxTaskContext(VertxRuntime runtime, VirtualTask<?> task) {
    this.runtime = runtime;
    this.task = task;
    this.parker = new Parker(task);
  }

  VertxRuntime vertxRuntime() {
    return runtime;
  }

  Parker parker() {
    return parker;
  }

  VirtualTask<?> task() {
    return task;
  }

  /** CTX-1: a context is only valid on its own task's thread. */
  void checkThread() {
    task.ensureOwner();
  }

  void throwIfCancelled() {
    task.throwIfCancelled();
  }

  @Override
  public String taskName() {
    checkThread();
    return task.name();
  }

  @Override
  public AsyncRuntime runtime() {
    checkThread();
    return runtime;
  }

  @Override
  public boolean isCancelled() {
    checkThread();
    return task.isCancelled();
  }

  @Override
  public void checkCancelled() {
    checkThread();
    throwIfCancelled();
  }

  @Override
  public void waitReadable(Waitable w, Duration timeout) throws SocketClosedException {
    checkThread();
    LevelWaitable source = own(w);
    parker.await(source, null, Timeouts.nanos(timeout));
  }

  @Override
  public Waitable waitEither(Waitable a, Waitable b, Duration timeout)
      throws SocketClosedException {
    checkThread();
    LevelWaitable first = own(a);
    LevelWaitable second = own(b);
    if (a == b) {
      throw new IllegalArgumentException("waitEither needs two different waitables");
    }
    return parker.await(first, second, Timeouts.nanos(timeout));
  }

  @Override
  public void sleep(Duration duration) {
    checkThread();
    parker.sleep(Timeouts.nanos(duration));
  }

  private LevelWaitable own(Waitable w) {
    Objects.requireNonNull(w, "waitable");
    if (!(w instanceof LevelWaitable v) || v.owner() != runtime) {
      throw new IllegalArgumentException("waitable " + w + " does not belong to this runtime");
    }
    return v;
  }

  @Override
  public String toString() {
    return "VertxTaskContext[" + task.name() + "]";
  }
}
