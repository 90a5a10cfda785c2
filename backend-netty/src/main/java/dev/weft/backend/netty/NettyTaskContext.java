package dev.weft.backend.netty;

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
 * A task's {@link Context} in the Netty backend: the kit's {@link VirtualTask} and {@link Parker}
 * bound to a {@link NettyRuntime}. Event loops only change a level and unpark; every suspension of
 * a task parks its own virtual thread through {@link #parker()}. No wait ever goes through a Netty
 * future's {@code await}/{@code sync}, which block inside {@code synchronized} and would pin the
 * carrier on JDK 21-23.
 */
final class NettyTaskContext implements Context {
  private final NettyRuntime runtime;
  private final VirtualTask<?> task;
  private final Parker parker;

  NettyTaskContext(NettyRuntime runtime, VirtualTask<?> task) {
    this.runtime = runtime;
    this.task = task;
    this.parker = new Parker(task);
  }

  /** The context behind {@code ctx}, checked to be running on the calling thread (CTX-1). */
  static NettyTaskContext current(Context ctx) {
    Objects.requireNonNull(ctx, "ctx");
    if (!(ctx instanceof NettyTaskContext task)) {
      throw new IllegalArgumentException(
          "context " + ctx + " does not belong to the netty backend");
    }
    task.task.ensureOwner();
    return task;
  }

  Thread thread() {
    return task.thread();
  }

  Parker parker() {
    return parker;
  }

  void throwIfCancelled() {
    task.throwIfCancelled();
  }

  @Override
  public String taskName() {
    task.ensureOwner();
    return task.name();
  }

  @Override
  public AsyncRuntime runtime() {
    task.ensureOwner();
    return runtime;
  }

  @Override
  public boolean isCancelled() {
    task.ensureOwner();
    return task.isCancelled();
  }

  @Override
  public void checkCancelled() {
    task.ensureOwner();
    task.throwIfCancelled();
  }

  @Override
  public void waitReadable(Waitable w, Duration timeout) throws SocketClosedException {
    task.ensureOwner();
    Objects.requireNonNull(w, "waitable");
    long nanos = Timeouts.nanos(timeout);
    parker.await(own(w), null, nanos);
  }

  @Override
  public Waitable waitEither(Waitable a, Waitable b, Duration timeout)
      throws SocketClosedException {
    task.ensureOwner();
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    long nanos = Timeouts.nanos(timeout);
    if (a == b) {
      throw new IllegalArgumentException("waitEither needs two different waitables");
    }
    return parker.await(own(a), own(b), nanos);
  }

  @Override
  public void sleep(Duration duration) {
    task.ensureOwner();
    parker.sleep(Timeouts.nanos(duration));
  }

  private LevelWaitable own(Waitable w) {
    if (w instanceof LevelWaitable lw && lw.owner() == runtime) {
      return lw;
    }
    throw new IllegalArgumentException(w + " does not belong to this runtime");
  }

  @Override
  public String toString() {
    return "NettyTaskContext[" + task.name() + (task.isCancelled() ? ", cancelled" : "") + "]";
  }
}
