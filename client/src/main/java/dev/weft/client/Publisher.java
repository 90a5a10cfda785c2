package dev.weft.client;

import java.nio.charset.StandardCharsets;

/**
 * Checks a publish against what the server accepts (max_payload, headers) and hands its bytes to
 * the {@link Outbox}. It keeps the last subject's checked bytes: publishers tend to repeat one
 * subject, and the check and the encoding are then skipped.
 */
final class Publisher {
  private record SubjectBytes(String subject, byte[] bytes) {}

  private final Outbox outbox;
  private volatile SubjectBytes lastSubject;

  Publisher(Outbox outbox) {
    this.outbox = outbox;
  }

  /**
   * Checks and appends one message; see {@link Connection#publish(String, String, Headers,
   * byte[])}.
   *
   * @param si the server's INFO, or null before the first one
   */
  void publish(String subject, String replyTo, Headers headers, byte[] data, ServerInfo si) {
    SubjectBytes cached = lastSubject;
    byte[] subj;
    if (cached != null && cached.subject() == subject) {
      subj = cached.bytes();
    } else {
      ClientOpWriter.checkSubject(subject, "subject");
      subj = subject.getBytes(StandardCharsets.UTF_8);
      lastSubject = new SubjectBytes(subject, subj);
    }
    if (replyTo != null) {
      ClientOpWriter.checkSubject(replyTo, "reply subject");
    }
    if (data == null) {
      data = new byte[0];
    }
    byte[] hdr = headers == null ? null : headers.toWire();
    long total = (long) (hdr == null ? 0 : hdr.length) + data.length;
    if (si != null && si.maxPayload() > 0 && total > si.maxPayload()) {
      throw new IllegalArgumentException(
          "message of "
              + total
              + " bytes exceeds the server's max_payload of "
              + si.maxPayload()
              + " bytes (subject '"
              + subject
              + "')");
    }
    if (hdr != null && si != null && !si.headers()) {
      throw new IllegalStateException("the server does not support headers");
    }
    byte[] reply = replyTo == null ? null : replyTo.getBytes(StandardCharsets.UTF_8);
    outbox.publish(subj, reply, hdr, data);
  }
}
