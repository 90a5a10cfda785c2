package dev.weft.client;

import java.time.Duration;
import java.util.List;

/**
 * {@link Connection#drain}: unsubscribe everything, prove with a PING/PONG round trip that the
 * server sent every message it will, let every buffered message be taken, then close. Called from a
 * message handler it does not wait for that handler's own subscription, which cannot finish while
 * the handler runs.
 */
final class Drain {
  private Drain() {}

  static boolean run(Connection connection, SubscriptionTable subs, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Subscription caller = OwnTasks.dispatching();
    if (caller != null && caller.connection() != connection) {
      caller = null;
    }
    List<Subscription> all = subs.unsubscribeAllForDrain();
    boolean ok = true;
    try {
      connection.flush(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    } catch (ClientException e) {
      ok = false;
    }
    if (caller != null) {
      connection.ownedRuntime().closeAfter(caller, deadline);
    }
    for (Subscription s : all) {
      subs.forget(s);
      s.close(false);
      if (s != caller) {
        ok &= s.awaitFinished(deadline);
      }
    }
    connection.close();
    return ok;
  }
}
