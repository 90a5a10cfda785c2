package dev.weft.spi;

/** How a task ended (RT-3). */
public sealed interface Outcome<T> permits Outcome.Success, Outcome.Failure, Outcome.Cancelled {

  /**
   * The value on success; otherwise throws: {@link TaskCancelledException} when cancelled, or
   * {@link TaskFailedException} wrapping the task's exception.
   */
  T value();

  /** The body returned {@code value}. */
  record Success<T>(T value) implements Outcome<T> {}

  /** The body threw {@code error} (anything but {@link TaskCancelledException}). */
  record Failure<T>(Throwable error) implements Outcome<T> {
    @Override
    public T value() {
      throw new TaskFailedException(error);
    }
  }

  /** The body ended with {@link TaskCancelledException} after a cancel. */
  record Cancelled<T>() implements Outcome<T> {
    @Override
    public T value() {
      throw new TaskCancelledException("task was cancelled");
    }
  }
}
