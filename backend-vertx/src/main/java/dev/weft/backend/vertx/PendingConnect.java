package dev.weft.backend.vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * A connect in flight on an event loop, which the connecting task waits on. Exactly one of {@link
 * #succeed}, {@link #fail} and {@link #abandon} takes effect; a socket that connects after the task
 * gave up (cancelled) is closed by whoever loses.
 */
final class PendingConnect implements WaitSource {
  private final List<Waiter.Ticket> tickets = new ArrayList<>(1);
  private boolean settled;
  private VertxSocket socket;
  private Throwable error;

  /** Event loop: connected. Returns false when the task already gave up. */
  synchronized boolean succeed(VertxSocket s) {
    if (settled) {
      return false;
    }
    settled = true;
    socket = s;
    tickets.forEach(Waiter.Ticket::wake);
    return true;
  }

  /** Event loop: the connect failed. */
  synchronized void fail(Throwable t) {
    if (settled) {
      return;
    }
    settled = true;
    error = t;
    tickets.forEach(Waiter.Ticket::wake);
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

  @Override
  public synchronized boolean register(Waiter.Ticket ticket) {
    if (settled) {
      return true;
    }
    tickets.add(ticket);
    return false;
  }

  @Override
  public synchronized void unregister(Waiter.Ticket ticket) {
    tickets.remove(ticket);
  }
}
