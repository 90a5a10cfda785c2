package dev.weft.spi;

/** {@link Outcome#value()} of a failed task: the cause is the task's own exception. */
public final class TaskFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TaskFailedException(Throwable cause) {
    super("task failed: " + cause, cause);
  }
}
