package dev.weft.server.engine;

import dev.weft.server.routing.SubscriptionEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One connection's subscriptions by sid, kept in step with the server's index. The reader adds and
 * removes; any publisher may remove one that reached its max, and closing removes them all.
 */
final class ClientSubscriptions {
  private final ClientServices services;
  private final ClientSink sink;
  private final Map<String, SubscriptionEntry<ClientConnection>> bySid = new HashMap<>();

  ClientSubscriptions(ClientServices services, ClientSink sink) {
    this.services = services;
    this.sink = sink;
  }

  /**
   * Adds {@code sub} here and to the index. A reused sid keeps the first subscription and is
   * otherwise ignored, as in nats-server.
   *
   * @return false when the subject is invalid (nothing was added)
   */
  boolean add(SubscriptionEntry<ClientConnection> sub) {
    boolean fresh;
    synchronized (bySid) {
      fresh = bySid.putIfAbsent(sub.sid, sub) == null;
    }
    if (fresh && !services.subscribe(sub)) {
      synchronized (bySid) {
        bySid.remove(sub.sid, sub);
      }
      return false;
    }
    return true;
  }

  SubscriptionEntry<ClientConnection> get(String sid) {
    synchronized (bySid) {
      return bySid.get(sid);
    }
  }

  /** Removes one subscription from this connection and from the index. Any thread. */
  void remove(SubscriptionEntry<ClientConnection> sub) {
    boolean removed;
    synchronized (bySid) {
      removed = bySid.remove(sub.sid, sub);
    }
    if (removed) {
      sink.unsubscribed(sub);
    }
    services.unsubscribe(sub);
  }

  /** Removes every subscription (the connection is closing). Any thread, idempotent. */
  void removeAll() {
    List<SubscriptionEntry<ClientConnection>> all;
    synchronized (bySid) {
      all = new ArrayList<>(bySid.values());
      bySid.clear();
    }
    for (SubscriptionEntry<ClientConnection> s : all) {
      sink.unsubscribed(s);
      services.unsubscribe(s);
    }
  }
}
