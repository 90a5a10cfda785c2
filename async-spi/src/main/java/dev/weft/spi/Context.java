package dev.weft.spi;

import java.time.Duration;

/**
 * The running task's handle, passed explicitly to every operation that can suspend. A context
 * belongs to one task and is only valid on that task's own thread while the task runs.
 *
 * <p>Timeouts: every {@code timeout} below is a {@link Duration}. Zero polls: the call returns at
 * once if ready and otherwise throws {@link WaitTimeoutException} without suspending. {@link
 * #FOREVER} waits without limit. A negative timeout throws {@link IllegalArgumentException}; null
 * throws {@link NullPointerException}.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li><b>CTX-1</b> every method of a context called from any thread other than its task's (a
 *       plain thread, or another task) throws {@link IllegalStateException}; so does every
 *       suspending operation of a socket, listener or runtime given that context.
 *   <li><b>CTX-2</b> {@link #taskName()} is the name given at spawn; {@link #isCancelled()} is true
 *       once the task has been cancelled.
 *   <li><b>WAIT-1</b> {@link #waitReadable} returns when its waitable is ready: a socket with
 *       unread data, at EOF or in error; a raised {@link Signal}; a listener with a pending
 *       connection.
 *   <li><b>WAIT-2</b> readiness is level-triggered: data, EOF, a raise or a pending connection that
 *       arrived before the call is seen by it.
 *   <li><b>WAIT-3</b> a zero timeout polls: it never suspends.
 *   <li><b>WAIT-4</b> a negative timeout is rejected with {@link IllegalArgumentException}, before
 *       anything is consumed.
 *   <li><b>WAIT-5</b> {@link #FOREVER} never times out.
 *   <li><b>WAIT-6</b> a timeout throws {@link WaitTimeoutException}, not before the timeout has
 *       passed, and loses no readiness: data or a raise arriving at or after that moment is seen by
 *       the next wait.
 *   <li><b>WAIT-7</b> waiting on a socket never consumes its data: the next read returns it.
 *   <li><b>WAIT-8</b> waiting on a socket or listener that is closed locally, before or during the
 *       wait, throws {@link SocketClosedException} promptly.
 *   <li><b>EITHER-1</b> {@link #waitEither} returns whichever of its two waitables is ready, and
 *       {@code a} when both are; the other one is not consumed.
 *   <li><b>EITHER-2</b> {@link #waitEither} follows the timeout rules WAIT-3 to WAIT-6.
 *   <li><b>SLEEP-1</b> {@link #sleep} suspends for at least the given duration; zero only checks
 *       for cancellation; negative is rejected.
 *   <li><b>CANCEL-2</b> once the task is cancelled, its current suspension (a wait, sleep, read,
 *       write, accept or connect) throws {@link TaskCancelledException}, and so does every later
 *       one: cancellation is level-triggered and cannot be consumed.
 *   <li><b>CANCEL-3</b> when a cancel races a read that has already taken bytes, the read returns
 *       those bytes and the cancellation surfaces at the next suspension: no byte is lost.
 *   <li><b>CANCEL-4</b> a task suspended in a sleep, wait, read, write or accept wakes within 100
 *       ms of being cancelled, however long its timeout.
 * </ul>
 */
public interface Context {
  /** A timeout that never expires (WAIT-5). */
  Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

  /** The name the task was spawned with. */
  String taskName();

  /** The runtime running this task. */
  AsyncRuntime runtime();

  /** True once this task was cancelled (CTX-2). Not a suspension: it never throws the cancel. */
  boolean isCancelled();

  /**
   * Throws {@link TaskCancelledException} if the task was cancelled, else returns. A cancellation
   * point for loops that do not suspend.
   */
  void checkCancelled();

  /**
   * Suspends until {@code w} is ready or {@code timeout} passes (WAIT-1 to WAIT-8).
   *
   * @throws WaitTimeoutException on timeout
   * @throws TaskCancelledException when the task is cancelled
   * @throws SocketClosedException when {@code w} is a socket or listener closed locally
   * @throws IllegalStateException if another task is already waiting on the same signal (SIG-4), or
   *     if called off this context's task (CTX-1)
   * @throws IllegalArgumentException if {@code w} belongs to another runtime, or on a negative
   *     timeout
   */
  void waitReadable(Waitable w, Duration timeout) throws SocketClosedException;

  /**
   * Suspends until {@code a} or {@code b} is ready and returns that one, {@code a} when both are
   * (EITHER-1, EITHER-2). A signal that is not returned is not consumed.
   *
   * @throws IllegalArgumentException if {@code a == b}, or as for {@link #waitReadable}
   */
  Waitable waitEither(Waitable a, Waitable b, Duration timeout) throws SocketClosedException;

  /** Suspends for at least {@code duration} (SLEEP-1). */
  void sleep(Duration duration);
}
