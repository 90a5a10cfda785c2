package dev.weft.server.engine;

import dev.weft.server.protocol.PubArg;
import dev.weft.server.routing.SubscriptionEntry;

/**
 * A {@link ClientSink} that logs what the server sends a client and does on its behalf ({@code ->>}
 * and {@code <->} lines of nats-server's {@code -V}), installed only when tracing is on.
 */
final class TracingSink implements ClientSink {
  private final PendingOutput pending;
  private final ClientLog log;

  TracingSink(PendingOutput pending, ClientLog log) {
    this.pending = pending;
    this.log = log;
  }

  @Override
  public int control(byte[] line) {
    log.trace(ProtocolTrace.sent(line));
    return pending.control(line);
  }

  @Override
  public int message(SubscriptionEntry<ClientConnection> sub, byte[] b, PubArg pa) {
    int r = pending.message(sub, b, pa);
    if (r == PendingOutput.DELIVERED || r == PendingOutput.DELIVERED_LAST) {
      log.trace(ProtocolTrace.delivered(b, pa, sub.sid, pending.keepsHeaders()));
    }
    return r;
  }

  @Override
  public void unsubscribed(SubscriptionEntry<ClientConnection> sub) {
    log.trace(ProtocolTrace.removed(sub.sid));
    pending.unsubscribed(sub);
  }
}
