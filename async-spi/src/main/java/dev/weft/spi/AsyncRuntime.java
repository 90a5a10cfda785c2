package dev.weft.spi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * An open runtime: it runs tasks, owns their sockets, listeners and signals, and shuts them all
 * down together. Obtained from {@link Backend#open(RuntimeOptions)}. All methods are thread-safe.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li><b>RT-1</b> {@link #spawn} returns without waiting for the body, runs the body on a new
 *       task whose {@link Context#taskName()} is the given name, and tasks run concurrently: a task
 *       suspended in a wait never stops another task from running.
 *   <li><b>RT-2</b> {@link TaskHandle#join(Duration)} returns the outcome once the task is done; if
 *       it is not done in time it throws {@link WaitTimeoutException} and the task goes on.
 *   <li><b>RT-3</b> the outcome is {@link Outcome.Success} with the body's return value, {@link
 *       Outcome.Failure} with the very exception the body threw, or {@link Outcome.Cancelled} when
 *       the body ended with {@link TaskCancelledException}.
 *   <li><b>RT-4</b> {@link #runBlocking} runs a body as a task from a plain (non-task) thread,
 *       blocks that thread until the body ends, returns its value and rethrows its exception
 *       unchanged.
 *   <li><b>SHUT-1</b> once {@link #shutdown} has begun, {@link #spawn}, {@link #runBlocking},
 *       {@link #listen} and {@link #connect} throw {@link RuntimeShutdownException}.
 *   <li><b>SHUT-2</b> shutdown cancels every task (as {@link TaskHandle#cancel()} does).
 *   <li><b>SHUT-3</b> shutdown waits at most the grace period for tasks to end, then closes every
 *       socket and listener the runtime opened, and returns a {@link ShutdownReport} naming the
 *       tasks that had not ended. It returns within the grace period plus one second.
 *   <li><b>SHUT-4</b> after shutdown, every socket and listener of the runtime is closed: peers
 *       read EOF and connecting to a listener's address is refused.
 *   <li><b>SHUT-5</b> after {@link #close()} returns, no thread that the runtime started (platform
 *       or virtual) is alive, unless the runtime was handed its threads by the application and
 *       documents that it leaves them running.
 *   <li><b>SHUT-6</b> {@link #close()} and {@link #shutdown} are idempotent; a later call returns
 *       promptly.
 *   <li><b>STRESS-2</b> 10,000 tasks sleeping at once all wake, each after at least its duration.
 *   <li><b>STRESS-4</b> 10,000 races of a cancel against a task's completion each end in one
 *       outcome: none hangs, and no byte a completed read took is lost.
 * </ul>
 */
public interface AsyncRuntime extends AutoCloseable {
  /** The backend that opened this runtime. */
  Backend backend();

  /** The I/O transport in use, e.g. {@code jdk}, {@code nio}, {@code epoll} or {@code io_uring}. */
  String transport();

  /** Starts a task; see RT-1. */
  <T> TaskHandle<T> spawn(String name, Task<T> body);

  /**
   * Runs {@code body} as a task named {@code name} and blocks the calling thread until it ends; see
   * RT-4. Meant for plain threads (main, test threads, application pools).
   *
   * @throws Exception whatever the body threw
   */
  <T> T runBlocking(String name, Task<T> body) throws Exception;

  /**
   * Opens a listener bound to {@code address}. Port 0 binds an ephemeral port; the bound address is
   * {@link Listener#localAddress()} (LISTEN-1).
   */
  Listener listen(InetSocketAddress address) throws IOException;

  /**
   * Connects to {@code address}; see the CONN rules on {@link StreamSocket}.
   *
   * @throws java.net.ConnectException when the peer refuses (CONN-1)
   * @throws java.net.SocketTimeoutException when no connection is made within {@code timeout}
   *     (CONN-2)
   * @throws TaskCancelledException when the task is cancelled while connecting
   */
  StreamSocket connect(Context ctx, InetSocketAddress address, Duration timeout) throws IOException;

  /** A new, unraised {@link Signal}. */
  Signal newSignal();

  /** Shuts down gracefully; see SHUT-1 to SHUT-3. */
  ShutdownReport shutdown(Duration grace);

  /**
   * Shuts down with the grace period of option {@link RuntimeOptions#CLOSE_GRACE} (default 5 s) and
   * releases every thread; see SHUT-5 and SHUT-6.
   */
  @Override
  void close();
}
