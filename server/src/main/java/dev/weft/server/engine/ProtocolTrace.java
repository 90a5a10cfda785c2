package dev.weft.server.engine;

import dev.weft.server.protocol.PubArg;
import java.nio.charset.StandardCharsets;

/**
 * The text of nats-server's protocol trace ({@code -V}): {@code <<-} for what a client sent, {@code
 * ->>} for what the server sent it, {@code <->} for what the server did on its behalf. The lines
 * match nats-server 2.9.10's so that an operator's log tooling reads both; the differential trace
 * test holds them to it. Only built when tracing is on, so nothing here is on a hot path.
 */
final class ProtocolTrace {
  private ProtocolTrace() {}

  /**
   * The trace of a control line the server queued for a client: {@code +OK} shows as {@code ->>
   * [OK]} and {@code -ERR 'text'} as {@code ->> [-ERR text]}, as nats-server prints them.
   */
  static String sent(byte[] line) {
    int end = 0;
    while (end < line.length && line[end] != '\r' && line[end] != '\n') {
      end++;
    }
    String op = new String(line, 0, end, StandardCharsets.ISO_8859_1);
    if (op.equals("+OK")) {
      op = "OK";
    } else if (op.startsWith("-ERR '") && op.endsWith("'")) {
      op = "-ERR " + op.substring(6, op.length() - 1);
    }
    return "->> [" + op + "]";
  }

  /** The trace of a PUB or HPUB line, as the client sent its arguments (single-spaced). */
  static String published(byte[] b, PubArg pa) {
    StringBuilder sb =
        new StringBuilder(48).append("<<- [").append(pa.hasHeaders() ? "HPUB " : "PUB ");
    sb.append(pa.subject(b));
    if (pa.replyLength() > 0) {
      sb.append(' ').append(pa.reply(b));
    }
    if (pa.hasHeaders()) {
      sb.append(' ').append(pa.headerLength());
    }
    return sb.append(' ').append(pa.size()).append(']').toString();
  }

  /**
   * The trace of a published payload (headers included), quoted as Go's {@code %q} quotes bytes.
   */
  static String payload(byte[] b, int off, int len) {
    return "<<- MSG_PAYLOAD: [" + GoQuoted.of(b, off, len) + "]";
  }

  /**
   * The trace of a message delivered to a subscriber: its MSG or HMSG line without the payload. A
   * subscriber without header support gets MSG with the headers' length taken off.
   */
  static String delivered(byte[] b, PubArg pa, String sid, boolean keepHeaders) {
    int headerLen = pa.headerLength();
    boolean hmsg = headerLen >= 0 && keepHeaders;
    int n = headerLen >= 0 && !keepHeaders ? pa.size() - headerLen : pa.size();
    StringBuilder sb = new StringBuilder(48).append("->> [").append(hmsg ? "HMSG " : "MSG ");
    sb.append(pa.subject(b)).append(' ').append(sid);
    if (pa.replyLength() > 0) {
      sb.append(' ').append(pa.reply(b));
    }
    if (hmsg) {
      sb.append(' ').append(headerLen);
    }
    return sb.append(' ').append(n).append(']').toString();
  }

  /** The trace of a CONNECT, its password and token redacted as nats-server does. */
  static String connect(String json) {
    return "<<- [CONNECT "
        + json.replaceAll("(\"pass\"\\s*:\\s*\")[^\"]*\"", "$1[REDACTED]\"")
            .replaceAll("(\"auth_token\"\\s*:\\s*\")[^\"]*\"", "$1[REDACTED]\"")
        + "]";
  }

  /**
   * The trace of a subscription the server removed: on UNSUB, when its max was reached, or when its
   * connection closed.
   */
  static String removed(String sid) {
    return "<-> [DELSUB " + sid + "]";
  }
}
