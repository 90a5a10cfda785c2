package dev.weft.server.routing;

import java.nio.charset.StandardCharsets;

/**
 * One SUB of one subscriber, as the index holds it. {@code S} is the subscriber type (the engine's
 * client connection), so a match hands publishers their targets without a cast and this package
 * knows nothing of the engine. Subjects and queue names are held as ISO-8859-1 strings so that each
 * char is exactly one wire byte: UTF-8 subjects round-trip unchanged and nothing is decoded.
 *
 * <p>{@link #delivered} and {@link #max} are guarded by the owner's pending-output lock, because
 * every publisher delivers under that lock and the NATS auto-unsubscribe rule (max counts total
 * deliveries) needs the count and the limit to change together.
 */
public final class SubscriptionEntry<S> {
  public final S owner;
  public final String subject;

  /** Queue group name, or null for a plain subscription. */
  public final String queue;

  public final String sid;

  /** The sid as wire bytes, so a delivery copies it instead of encoding it. */
  public final byte[] sidBytes;

  /** Messages delivered so far (nats-server's {@code nm}). */
  public long delivered;

  /** Auto-unsubscribe limit over total deliveries, 0 for none. */
  public long max;

  /** Set once, under the owner's pending-output lock, when the subscription stops receiving. */
  public volatile boolean closed;

  public SubscriptionEntry(S owner, String subject, String queue, String sid) {
    this.owner = owner;
    this.subject = subject;
    this.queue = queue;
    this.sid = sid;
    this.sidBytes = sid.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public String toString() {
    return "SubscriptionEntry["
        + subject
        + (queue == null ? "" : " " + queue)
        + " sid="
        + sid
        + "]";
  }
}
