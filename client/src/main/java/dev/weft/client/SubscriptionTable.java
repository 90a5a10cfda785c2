package dev.weft.client;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.TaskHandle;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection's subscriptions by sid. A change to the table and the SUB or UNSUB that tells the
 * server go into the {@link Outbox} under its lock, so the SUB lines a reconnect restores never
 * miss or repeat one. Sids are never reused.
 */
final class SubscriptionTable {
  private final Connection connection;
  private final AsyncRuntime runtime;
  private final Options options;
  private final Outbox outbox;
  private final Map<Long, Subscription> subs = new ConcurrentHashMap<>();
  private final AtomicLong nextSid = new AtomicLong();

  SubscriptionTable(Connection connection, AsyncRuntime runtime, Options options, Outbox outbox) {
    this.connection = connection;
    this.runtime = runtime;
    this.options = options;
    this.outbox = outbox;
  }

  /**
   * Adds a subscription and sends its SUB if connected; a handler subscription gets its dispatcher
   * task. The request inbox is unbounded, so no reply is dropped.
   *
   * @throws ClientException when the connection is closed
   */
  Subscription add(String subject, String queueGroup, MessageHandler handler, boolean isInbox) {
    long sid = nextSid.incrementAndGet();
    Subscription sub =
        new Subscription(
            connection,
            sid,
            subject,
            queueGroup,
            handler,
            isInbox,
            runtime.newSignal(),
            isInbox ? Options.UNLIMITED : options.pendingMessagesLimit(),
            isInbox ? Options.UNLIMITED : options.pendingBytesLimit());
    if (handler != null) {
      sub.dispatcher(
          OwnTasks.spawn(
              runtime, "weft-client-dispatch-" + subject, connection, sub, sub::dispatch));
    }
    try {
      outbox.control(
          () -> {
            outbox.checkOpen();
            subs.put(sid, sub);
            return true;
          },
          ClientOpWriter.sub(sub, 0));
    } catch (ClientException closedAlready) {
      sub.close(true);
      TaskHandle<Void> d = sub.dispatcher();
      if (d != null) {
        d.cancel();
      }
      throw closedAlready;
    }
    return sub;
  }

  /** Unsubscribes now ({@code max <= 0}, or the max is already reached) or after {@code max}. */
  void unsubscribe(Subscription sub, long max) {
    boolean now = max <= 0 || sub.setMax(max);
    boolean removed =
        outbox.control(
            () -> !now || subs.remove(sub.sid()) != null,
            ClientOpWriter.unsub(sub.sid(), now ? 0 : max));
    if (now && removed) {
      sub.close(true);
    }
  }

  Subscription get(long sid) {
    return subs.get(sid);
  }

  /** Takes a subscription out of the table (its max was reached, or it was drained). */
  void forget(Subscription sub) {
    subs.remove(sub.sid());
  }

  /** The SUB lines that restore every subscription on a new socket; called under the lock. */
  byte[] resubscribeLines() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (Subscription sub : subs.values()) {
      b.writeBytes(ClientOpWriter.sub(sub, sub.remainingForResubscribe()));
    }
    return b.toByteArray();
  }

  /**
   * Sends UNSUB for every subscription but the request inbox, leaving them in the table: messages
   * the server sent before the UNSUB are still on their way and must be delivered.
   *
   * @return the subscriptions unsubscribed
   */
  List<Subscription> unsubscribeAllForDrain() {
    List<Subscription> all = new ArrayList<>();
    ByteArrayOutputStream unsubs = new ByteArrayOutputStream();
    for (Subscription s : subs.values()) {
      if (!s.isInbox()) {
        all.add(s);
        unsubs.writeBytes(ClientOpWriter.unsub(s.sid(), 0));
      }
    }
    outbox.control(() -> true, unsubs.toByteArray());
    return all;
  }

  /** Ends every subscription, discarding what was not taken: the connection closed. */
  void closeAll() {
    for (Subscription sub : subs.values()) {
      sub.close(true);
    }
    subs.clear();
  }
}
