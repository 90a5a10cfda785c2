package dev.weft.spi;

import java.util.concurrent.CancellationException;

/**
 * Thrown by a suspension of a cancelled task (CANCEL-2). A task body should let it propagate; a
 * body that ends with it has the outcome {@link Outcome.Cancelled}.
 */
public final class TaskCancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;

  public TaskCancelledException(String message) {
    super(message);
  }
}
