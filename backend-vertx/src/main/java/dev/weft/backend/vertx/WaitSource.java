package dev.weft.backend.vertx;

/**
 * Something a task can block on: it remembers the tickets of waiting tasks and wakes them whenever
 * its state may have changed. Waking is a hint; the task re-checks after every wake.
 */
interface WaitSource {
  /**
   * Registers {@code ticket}; returns true when the source is ready (or failed, or closed) right
   * now, so the caller must not park. Never consumes anything.
   */
  boolean register(Waiter.Ticket ticket);

  void unregister(Waiter.Ticket ticket);
}
