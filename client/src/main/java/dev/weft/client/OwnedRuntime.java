package dev.weft.client;

import dev.weft.spi.AsyncRuntime;

/**
 * The runtime a connection opened for itself (none when the application handed it one): it is
 * closed with the connection. A runtime cannot wait for the very task that closes it, so from the
 * client's own task a plain thread closes it, and only after a handler that called {@code drain}
 * has handled what was left for its subscription.
 */
final class OwnedRuntime {
  private final AsyncRuntime runtime;
  private final boolean owned;
  private volatile Subscription drainingHandler;
  private volatile long drainingHandlerDeadline;

  OwnedRuntime(AsyncRuntime runtime, boolean owned) {
    this.runtime = runtime;
    this.owned = owned;
  }

  /** Closes the runtime only once {@code handler} finished (or at {@code deadline}). */
  void closeAfter(Subscription handler, long deadline) {
    drainingHandlerDeadline = deadline;
    drainingHandler = handler;
  }

  /** Closes the runtime if the connection opened it. */
  void close(boolean onOwnTask) {
    if (!owned) {
      return;
    }
    if (onOwnTask) {
      closeLater();
    } else {
      runtime.close();
    }
  }

  /** Closes the runtime, if the connection opened it, from a plain thread. */
  void closeLater() {
    if (!owned) {
      return;
    }
    Subscription handler = drainingHandler;
    long deadline = drainingHandlerDeadline;
    Thread.ofPlatform()
        .name("weft-client-close")
        .daemon(true)
        .start(
            () -> {
              if (handler != null) {
                try {
                  handler.awaitFinished(deadline);
                } catch (InterruptedException e) {
                  // Closing anyway.
                }
              }
              runtime.close();
            });
  }
}
