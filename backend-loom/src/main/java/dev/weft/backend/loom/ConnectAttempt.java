package dev.weft.backend.loom;

import dev.weft.backend.kit.Timeouts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One outgoing connect. The blocking {@link SocketChannel#connect} runs on a helper virtual thread
 * while the task parks with its timeout, so a timeout or a cancel never has to interrupt the thread
 * in the system call. Exactly one compare-and-set on {@code state} decides the result: the helper's
 * "done" or the task's "abandoned"; the loser cleans up (an abandoned channel is closed, which also
 * ends the helper).
 */
final class ConnectAttempt {
  private static final int PENDING = 0;
  private static final int DONE = 1;
  private static final int ABANDONED = 2;

  private final SocketChannel channel;
  private final InetSocketAddress address;
  private final AtomicInteger state = new AtomicInteger(PENDING);
  private final Thread waiter;
  private volatile IOException failure;

  ConnectAttempt(SocketChannel channel, InetSocketAddress address, Thread waiter) {
    this.channel = channel;
    this.address = address;
    this.waiter = waiter;
  }

  /** Body of the helper thread. */
  void connect() {
    try {
      channel.connect(address);
    } catch (IOException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new IOException(e.getMessage(), e);
    }
    if (!state.compareAndSet(PENDING, DONE)) {
      close();
    }
    LockSupport.unpark(waiter);
  }

  /** Parks the task until connected; throws what the connect threw, a timeout or a cancel. */
  void await(LoomTaskContext task, long nanos) throws IOException {
    try {
      awaitDecided(task, nanos);
    } finally {
      task.parker().restoreInterrupt();
    }
    IOException e = failure;
    if (e != null) {
      close();
      throw e;
    }
  }

  private void awaitDecided(LoomTaskContext task, long nanos) throws IOException {
    boolean forever = Timeouts.isForever(nanos);
    long deadline = System.nanoTime() + nanos;
    while (state.get() == PENDING) {
      if (task.task().isCancelled()) {
        if (!abandon()) {
          close();
        }
        task.throwIfCancelled();
      }
      if (!task.parker().parkUntil(deadline, forever, this)) {
        if (abandon()) {
          throw new SocketTimeoutException(
              "connect to " + address + " timed out after " + Duration.ofNanos(nanos));
        }
      }
    }
  }

  /** True when the task won the race and the helper's result, if any, is to be thrown away. */
  private boolean abandon() {
    if (state.compareAndSet(PENDING, ABANDONED)) {
      close();
      return true;
    }
    return false;
  }

  private void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // the descriptor is released either way
    }
  }
}
