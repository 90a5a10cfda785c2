package dev.weft.client;

import dev.weft.client.protocol.ProtocolException;
import dev.weft.client.protocol.ServerOpParser;
import dev.weft.spi.Context;
import dev.weft.spi.StreamSocket;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The reader of a live socket: reads into the parser's buffer, parses every complete operation of a
 * read in one pass and reacts: messages go to their subscription's queue (or to the waiting
 * request), PINGs are answered through the outbox, PONGs complete flushes, a fatal {@code -ERR}
 * ends the socket.
 */
final class InboundReader implements ServerOpParser.Handler {
  private final Connection connection;
  private final Outbox outbox;
  private final SubscriptionTable subs;
  private final RequestMux requests;
  private String fatal;

  /**
   * Consecutive messages of one subscription from the current read, queued together: a read of many
   * small messages then costs one lock and at most one wake-up per subscription.
   */
  private Subscription batchSub;

  private long lastSid = -1;
  private Subscription lastSub;
  private final List<Message> batch = new ArrayList<>();

  InboundReader(Connection connection, Outbox outbox, SubscriptionTable subs, RequestMux requests) {
    this.connection = connection;
    this.outbox = outbox;
    this.subs = subs;
    this.requests = requests;
  }

  /** Reads until the socket fails or the server sends a fatal error; never returns normally. */
  void run(Context ctx, StreamSocket s, ServerOpParser parser) throws IOException {
    parseAll(parser);
    while (true) {
      int n = s.read(ctx, parser.readBuffer());
      if (n < 0) {
        throw new EOFException("server closed the connection");
      }
      parser.commit(n);
      parseAll(parser);
    }
  }

  private void parseAll(ServerOpParser parser) throws IOException {
    try {
      parser.parse(this);
    } finally {
      deliverBatch();
    }
    if (fatal != null) {
      String f = fatal;
      fatal = null;
      connection.fatalServerError(f);
      throw ServerErrors.fatal(f);
    }
  }

  private void deliverBatch() {
    Subscription sub = batchSub;
    if (sub == null) {
      return;
    }
    batchSub = null;
    try {
      if (sub.deliver(batch)) {
        subs.forget(sub);
      }
    } finally {
      batch.clear();
    }
  }

  @Override
  public void onMsg(String subject, long sid, String replyTo, byte[] headers, byte[] payload) {
    // Sids are never reused and a subscription taken out of the table is closed (so it
    // ignores deliveries): remembering the last one is safe and spares a map lookup.
    Subscription sub = sid == lastSid ? lastSub : subs.get(sid);
    if (sub == null) {
      return;
    }
    lastSid = sid;
    lastSub = sub;
    Headers h = null;
    if (headers != null) {
      try {
        h = Headers.fromWire(headers);
      } catch (IllegalArgumentException e) {
        connection
            .notifier()
            .exception(new ProtocolException("bad header block: " + e.getMessage()));
        return;
      }
    }
    if (sub.isInbox()) {
      requests.deliver(new Message(subject, replyTo, h, payload, null));
      return;
    }
    if (sub != batchSub) {
      deliverBatch();
      batchSub = sub;
    }
    batch.add(new Message(subject, replyTo, h, payload, sub));
  }

  @Override
  public void onPing() {
    outbox.pong();
  }

  @Override
  public void onPong() {
    // A flush must find every message the server sent before this PONG already queued.
    deliverBatch();
    CompletableFuture<Void> f = outbox.pongReceived();
    if (f != null) {
      f.complete(null);
    }
  }

  @Override
  public void onOk() {}

  @Override
  public void onErr(String text) {
    connection.notifier().serverError(text);
    if (ServerErrors.isFatal(text)) {
      fatal = text;
    }
  }

  @Override
  public void onInfo(String json) {
    try {
      connection.infoReceived(ServerInfo.parse(json));
    } catch (IllegalArgumentException e) {
      connection.notifier().exception(new ProtocolException("bad INFO: " + e.getMessage()));
    }
  }
}
