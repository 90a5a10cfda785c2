package dev.weft.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * A spawned task, seen from outside. Thread-safe.
 *
 * <p>Rules (with those on {@link AsyncRuntime} and {@link Context}):
 *
 * <ul>
 *   <li><b>CANCEL-1</b> {@link #cancel()} may be called any number of times, from any thread,
 *       concurrently; the effect is that of one call. Cancelling a finished task changes nothing.
 * </ul>
 */
public interface TaskHandle<T> {
  String name();

  /** Requests cancellation; see CANCEL-1 and the CANCEL rules on {@link Context}. */
  void cancel();

  boolean isDone();

  /**
   * Blocks the calling thread until the task is done or {@code timeout} passes (RT-2). It may be
   * called from a plain thread or from a task; it is not a cancellation point.
   *
   * @throws WaitTimeoutException if the task is still running after {@code timeout}
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws InterruptedException if the calling thread is interrupted
   */
  Outcome<T> join(Duration timeout) throws InterruptedException;

  /** The outcome if the task is done, else empty. */
  Optional<Outcome<T>> outcome();
}
