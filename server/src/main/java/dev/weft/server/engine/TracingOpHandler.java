package dev.weft.server.engine;

import dev.weft.server.protocol.ClientOpParser;
import dev.weft.server.protocol.PubArg;
import java.nio.charset.StandardCharsets;

/**
 * A parser handler that logs each op a client sent ({@code <<-} lines of nats-server's {@code -V})
 * before handing it on; installed between the parser and the {@link ClientReader} only when tracing
 * is on.
 */
final class TracingOpHandler implements ClientOpParser.Handler {
  private final ClientOpParser.Handler next;
  private final ClientLog log;

  TracingOpHandler(ClientOpParser.Handler next, ClientLog log) {
    this.next = next;
    this.log = log;
  }

  @Override
  public boolean awaitingAuth() {
    return next.awaitingAuth();
  }

  @Override
  public boolean headersEnabled() {
    return next.headersEnabled();
  }

  @Override
  public int onConnect(byte[] b, int off, int len) {
    log.trace(ProtocolTrace.connect(new String(b, off, len, StandardCharsets.UTF_8)));
    return next.onConnect(b, off, len);
  }

  @Override
  public int onInfo(byte[] b, int off, int len) {
    return next.onInfo(b, off, len);
  }

  @Override
  public void onPing() {
    log.trace("<<- [PING]");
    next.onPing();
  }

  @Override
  public void onPong() {
    log.trace("<<- [PONG]");
    next.onPong();
  }

  @Override
  public void onPubLine(byte[] b, PubArg pa) {
    log.trace(ProtocolTrace.published(b, pa));
    next.onPubLine(b, pa);
  }

  @Override
  public void onMsg(byte[] b, PubArg pa) {
    log.trace(ProtocolTrace.payload(b, pa.payloadOffset(), pa.size()));
    next.onMsg(b, pa);
  }

  @Override
  public void onStrayMsg() {
    next.onStrayMsg();
  }

  @Override
  public void onSub(String subject, String queue, String sid) {
    log.trace("<<- [SUB " + subject + (queue == null ? "" : " " + queue) + " " + sid + "]");
    next.onSub(subject, queue, sid);
  }

  @Override
  public void onUnsub(String sid, long max) {
    log.trace("<<- [UNSUB " + sid + (max >= 0 ? " " + max : "") + "]");
    next.onUnsub(sid, max);
  }

  @Override
  public void onClientError(byte[] b, int off, int len) {
    next.onClientError(b, off, len);
  }
}
