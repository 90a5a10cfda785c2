package dev.weft.spi;

/**
 * The body of a task. It receives the task's {@link Context}, which it must not hand to other
 * threads.
 */
@FunctionalInterface
public interface Task<T> {
  T run(Context ctx) throws Exception;
}
