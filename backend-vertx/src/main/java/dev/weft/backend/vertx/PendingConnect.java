package dev.weft.backend.vertx;

import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A connect in flight on an event loop, which the connecting task waits on. Exactly one of {@link
 * #succeed}, {@link #fail} and {@link #abandon} takes effect; a socket that connects after the task
 * gave up (cancelled) is closed by whoever loses.
 */
final class PendingConnect {
  private final Thread waiter;
  private boolean settled;
  private VertxSocket socket;
  private Throwable error;

  /** {@code waiter} is the connecting task's thread, unparked once the connect is decided. */
  private PendingConnect(Thread waiter) {
    this.waiter = waiter;
  }

  /** Task: starts a connect on {@code context}'s event loop for the calling task to await. */
  static PendingConnect start(
      VertxRuntime runtime, NetClient client, ContextInternal context, ConnectOptions options) {
    PendingConnect pending = new PendingConnect(Thread.currentThread());
    context.runOnContext(
        v ->
            client
                .connect(options)
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        VertxSocket s = VertxSocket.attach(runtime, ar.result(), context, null);
                        if (!pending.succeed(s)) {
                          s.close();
                        }
                      } else {
                        pending.fail(ar.cause());
                      }
                    }));
    return pending;
  }

  /**
   * Task: parks until the connect is decided and returns the socket; a cancel abandons it (closing
   * a socket that connected meanwhile), a failure becomes the SPI's exception (CONN-1, CONN-2).
   */
  VertxSocket await(VertxTaskContext task, InetSocketAddress address, Duration timeout)
      throws IOException {
    try {
      while (!settled()) {
        if (task.task().isCancelled()) {
          VertxSocket late = abandon();
          if (late != null) {
            late.close();
          }
          task.throwIfCancelled();
        }
        task.parker().park(this);
      }
    } finally {
      task.parker().restoreInterrupt();
    }
    if (error() != null) {
      throw VertxFailures.connect(error(), address, timeout);
    }
    return socket();
  }

  /** Event loop: connected. Returns false when the task already gave up. */
  boolean succeed(VertxSocket s) {
    synchronized (this) {
      if (settled) {
        return false;
      }
      settled = true;
      socket = s;
    }
    LockSupport.unpark(waiter);
    return true;
  }

  /** Event loop: the connect failed. */
  void fail(Throwable t) {
    synchronized (this) {
      if (settled) {
        return;
      }
      settled = true;
      error = t;
    }
    LockSupport.unpark(waiter);
  }

  /** Task: gives up; returns a socket that connected meanwhile, for the caller to close. */
  synchronized VertxSocket abandon() {
    VertxSocket s = socket;
    settled = true;
    socket = null;
    return s;
  }

  synchronized boolean settled() {
    return settled;
  }

  synchronized VertxSocket socket() {
    return socket;
  }

  synchronized Throwable error() {
    return error;
  }
}
