package dev.weft.client;

import dev.weft.spi.Context;
import dev.weft.spi.Signal;
import dev.weft.spi.WaitTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Waiting for a future from a task, which suspends on a signal instead of blocking its thread. */
final class TaskWaits {
  private TaskWaits() {}

  /** True when {@code f} completed within {@code timeout}. */
  private static boolean await(Context ctx, CompletableFuture<?> f, Duration timeout) {
    if (f.isDone()) {
      return true;
    }
    Signal sig = ctx.runtime().newSignal();
    f.whenComplete((v, e) -> sig.raise());
    long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
    while (!f.isDone()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        ctx.waitReadable(sig, Duration.ofNanos(left));
      } catch (WaitTimeoutException e) {
        return f.isDone();
      } catch (IOException e) {
        throw new ClientException("wait failed", e);
      }
    }
    return true;
  }

  /**
   * Waits (plain thread) up to {@code nanos} for {@code f}.
   *
   * @param timedOut the exception to throw when the time ran out
   */
  static <T> T get(CompletableFuture<T> f, long nanos, Supplier<RuntimeException> timedOut)
      throws InterruptedException {
    try {
      return f.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw timedOut.get();
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  /** {@link #get(CompletableFuture, long, Supplier)} for a task. */
  static <T> T get(
      Context ctx, CompletableFuture<T> f, Duration timeout, Supplier<RuntimeException> timedOut) {
    if (!await(ctx, f, timeout)) {
      throw timedOut.get();
    }
    try {
      return f.getNow(null);
    } catch (CompletionException e) {
      throw unwrap(e.getCause());
    }
  }

  /** The failure of a future as the unchecked exception the API throws. */
  static RuntimeException unwrap(Throwable t) {
    if (t instanceof RuntimeException re) {
      return re;
    }
    return new ClientException(String.valueOf(t.getMessage()), t);
  }
}
