package dev.weft.backend.loom;

import dev.weft.backend.kit.LevelWaitable;
import dev.weft.backend.kit.Parker;
import dev.weft.backend.kit.Timeouts;
import dev.weft.backend.kit.VirtualTask;
import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.Waitable;
import java.time.Duration;

/**
 * A task's {@link Context} in the Loom backend: the kit's {@link VirtualTask} and {@link Parker}
 * bound to a {@link LoomRuntime}. Every suspension of a Loom task parks through {@link #parker()}.
 */
final class LoomTaskContext implements Context {
  private final LoomRuntime runtime;
  private final VirtualTask<?> task;
  private final Parker parker;

  LoomTaskContext(LoomRuntime runtime, VirtualTask<?> task) {
    this.runtime = runtime;
    this.task = task;
    this.parker = new Parker(task);
  }

  LoomRuntime owner() {
    return runtime;
  }

  VirtualTask<?> task() {
    return task;
  }

  Parker parker() {
    return parker;
  }

  void ensureOwner() {
    task.ensureOwner();
  }

  void throwIfCancelled() {
    task.throwIfCancelled();
  }

  @Override
  public String taskName() {
    ensureOwner();
    return task.name();
  }

  @Override
  public AsyncRuntime runtime() {
    ensureOwner();
    return runtime;
  }

  @Override
  public boolean isCancelled() {
    ensureOwner();
    return task.isCancelled();
  }

  @Override
  public void checkCancelled() {
    ensureOwner();
    throwIfCancelled();
  }

  @Override
  public void waitReadable(Waitable w, Duration timeout) throws SocketClosedException {
    ensureOwner();
    LevelWaitable lw = runtime.ownWaitable(w);
    parker.await(lw, null, Timeouts.nanos(timeout));
  }

  @Override
  public Waitable waitEither(Waitable a, Waitable b, Duration timeout)
      throws SocketClosedException {
    ensureOwner();
    LevelWaitable la = runtime.ownWaitable(a);
    LevelWaitable lb = runtime.ownWaitable(b);
    if (la == lb) {
      throw new IllegalArgumentException("waitEither needs two different waitables");
    }
    return parker.await(la, lb, Timeouts.nanos(timeout));
  }

  @Override
  public void sleep(Duration duration) {
    ensureOwner();
    parker.sleep(Timeouts.nanos(duration));
  }

  @Override
  public String toString() {
    return "LoomTaskContext[" + task.name() + (task.isCancelled() ? ", cancelled" : "") + "]";
  }
}
