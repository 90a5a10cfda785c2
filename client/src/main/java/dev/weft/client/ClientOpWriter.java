package dev.weft.client;

import dev.weft.wire.Decimal;
import dev.weft.wire.Subjects;
import java.nio.charset.StandardCharsets;

/**
 * Writes the operations a client sends: PUB and HPUB straight into the outbound buffer, without
 * building strings (publishing is the client's hot path), and the SUB and UNSUB lines.
 */
final class ClientOpWriter {
  private ClientOpWriter() {}

  /** {@code SUB subject [queue] sid}, followed by {@code UNSUB sid max} when {@code max > 0}. */
  static byte[] sub(Subscription sub, long max) {
    StringBuilder sb = new StringBuilder(48);
    sb.append("SUB ").append(sub.subject()).append(' ');
    if (sub.queueGroup() != null) {
      sb.append(sub.queueGroup()).append(' ');
    }
    sb.append(sub.sid()).append("\r\n");
    if (max > 0) {
      sb.append("UNSUB ").append(sub.sid()).append(' ').append(max).append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code UNSUB sid}, with {@code max} when it is positive. */
  static byte[] unsub(long sid, long max) {
    return ("UNSUB " + sid + (max > 0 ? " " + max : "") + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** An upper bound of the encoded length. */
  static int maxLength(byte[] subject, byte[] reply, byte[] headers, byte[] data) {
    int hdrLen = headers == null ? 0 : headers.length;
    return 6
        + subject.length
        + 1
        + (reply == null ? 0 : reply.length + 1)
        + 24
        + hdrLen
        + data.length
        + 4;
  }

  /**
   * Encodes at {@code p}, which has {@link #maxLength} bytes of room.
   *
   * @return the position after the message
   */
  static int encode(byte[] b, int p, byte[] subject, byte[] reply, byte[] headers, byte[] data) {
    int hdrLen = headers == null ? 0 : headers.length;
    long total = (long) hdrLen + data.length;
    if (headers == null) {
      b[p++] = 'P';
      b[p++] = 'U';
      b[p++] = 'B';
    } else {
      b[p++] = 'H';
      b[p++] = 'P';
      b[p++] = 'U';
      b[p++] = 'B';
    }
    b[p++] = ' ';
    System.arraycopy(subject, 0, b, p, subject.length);
    p += subject.length;
    b[p++] = ' ';
    if (reply != null) {
      System.arraycopy(reply, 0, b, p, reply.length);
      p += reply.length;
      b[p++] = ' ';
    }
    if (headers != null) {
      p = Decimal.write(b, p, hdrLen);
      b[p++] = ' ';
    }
    p = Decimal.write(b, p, total);
    b[p++] = '\r';
    b[p++] = '\n';
    if (headers != null) {
      System.arraycopy(headers, 0, b, p, hdrLen);
      p += hdrLen;
    }
    System.arraycopy(data, 0, b, p, data.length);
    p += data.length;
    b[p++] = '\r';
    b[p++] = '\n';
    return p;
  }

  /** Checks a subject, reply subject or queue group: not empty, no whitespace. */
  static void checkSubject(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    if (!Subjects.isSendableSubject(s)) {
      throw new IllegalArgumentException(what + " '" + s + "' contains whitespace");
    }
  }
}
