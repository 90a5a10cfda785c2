package dev.weft.server.engine;

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
  static String published(
      byte[] b,
      int subjectOff,
      int subjectLen,
      int replyOff,
      int replyLen,
      int headerLen,
      int size) {
    StringBuilder sb =
        new StringBuilder(48).append("<<- [").append(headerLen >= 0 ? "HPUB " : "PUB ");
    sb.append(new String(b, subjectOff, subjectLen, StandardCharsets.ISO_8859_1));
    if (replyLen > 0) {
      sb.append(' ').append(new String(b, replyOff, replyLen, StandardCharsets.ISO_8859_1));
    }
    if (headerLen >= 0) {
      sb.append(' ').append(headerLen);
    }
    return sb.append(' ').append(size).append(']').toString();
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
  static String delivered(
      byte[] b,
      int subjectOff,
      int subjectLen,
      String sid,
      int replyOff,
      int replyLen,
      int headerLen,
      int size,
      boolean keepHeaders) {
    boolean hmsg = headerLen >= 0 && keepHeaders;
    int n = headerLen >= 0 && !keepHeaders ? size - headerLen : size;
    StringBuilder sb = new StringBuilder(48).append("->> [").append(hmsg ? "HMSG " : "MSG ");
    sb.append(new String(b, subjectOff, subjectLen, StandardCharsets.ISO_8859_1))
        .append(' ')
        .append(sid);
    if (replyLen > 0) {
      sb.append(' ').append(new String(b, replyOff, replyLen, StandardCharsets.ISO_8859_1));
    }
    if (hmsg) {
      sb.append(' ').append(headerLen);
    }
    return sb.append(' ').append(n).append(']').toString();
  }

  /**
   * The trace of a subscription the server removed: on UNSUB, when its max was reached, or when its
   * connection closed.
   */
  static String removed(String sid) {
    return "<-> [DELSUB " + sid + "]";
  }
}
