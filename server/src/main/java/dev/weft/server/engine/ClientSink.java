package dev.weft.server.engine;

import dev.weft.server.protocol.PubArg;
import dev.weft.server.routing.SubscriptionEntry;

/**
 * What the server queues for one client: control lines and messages, plus the end of each of its
 * subscriptions. {@link PendingOutput} is the sink; {@link TracingSink} decorates it with the
 * protocol trace when {@code -V} is on, so the untraced path carries no trace checks.
 *
 * <p>The {@code int} results are {@link PendingOutput}'s delivery codes.
 */
interface ClientSink {
  /** Queues a control line (+OK, PONG, PING, -ERR). */
  int control(byte[] line);

  /** Queues one MSG or HMSG of the publish {@code pa} (offsets into {@code b}) for {@code sub}. */
  int message(SubscriptionEntry<ClientConnection> sub, byte[] b, PubArg pa);

  /** {@code sub} was removed from this client: it takes no more messages. */
  void unsubscribed(SubscriptionEntry<ClientConnection> sub);
}
