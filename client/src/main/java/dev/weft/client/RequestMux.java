package dev.weft.client;

import dev.weft.client.protocol.Nuid;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Request multiplexing, as nats.go and jnats do it: every request of a connection shares one
 * wildcard inbox subscription ({@code _INBOX.<nuid>.*}), made on the first request; each request
 * has its own token, the last subject token of its reply subject, which routes the reply back to
 * the request's future.
 */
final class RequestMux {
  /** A request waiting for its reply; the subject is kept for the no-responders error. */
  private record PendingRequest(String subject, CompletableFuture<Message> future) {}

  private final SubscriptionTable subs;
  private final Connection connection;
  private final String inboxPrefix;
  private final AtomicLong nextToken = new AtomicLong();
  private final Map<String, PendingRequest> pending = new ConcurrentHashMap<>();
  private final ReentrantLock inboxLock = new ReentrantLock();
  private volatile Subscription inbox;

  RequestMux(SubscriptionTable subs, Connection connection) {
    this.subs = subs;
    this.connection = connection;
    this.inboxPrefix = "_INBOX." + new Nuid().next();
  }

  /**
   * Sends a request; the future completes with the reply, or exceptionally with {@link
   * NoRespondersException}. Cancelling the future forgets the request.
   */
  CompletableFuture<Message> request(String subject, Headers headers, byte[] data) {
    ensureInbox();
    String token = Long.toString(nextToken.incrementAndGet(), 36);
    CompletableFuture<Message> f = new CompletableFuture<>();
    pending.put(token, new PendingRequest(subject, f));
    f.whenComplete((m, e) -> pending.remove(token));
    try {
      connection.publish(subject, inboxPrefix + "." + token, headers, data);
    } catch (RuntimeException e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  /** A message that arrived on the inbox: completes the request its token names, if still open. */
  void deliver(Message m) {
    String subject = m.subject();
    int dot = subject.lastIndexOf('.');
    String token = dot < 0 ? subject : subject.substring(dot + 1);
    PendingRequest p = pending.remove(token);
    if (p == null) {
      return;
    }
    if (m.isStatus() && m.headers().status() == 503) {
      p.future().completeExceptionally(new NoRespondersException(p.subject()));
    } else {
      p.future().complete(m);
    }
  }

  /** Fails every open request: the connection closed. */
  void failAll(RuntimeException cause) {
    pending.values().forEach(p -> p.future().completeExceptionally(cause));
  }

  private void ensureInbox() {
    if (inbox != null) {
      return;
    }
    inboxLock.lock();
    try {
      if (inbox == null) {
        inbox = subs.add(inboxPrefix + ".*", null, null, true);
      }
    } finally {
      inboxLock.unlock();
    }
  }
}
