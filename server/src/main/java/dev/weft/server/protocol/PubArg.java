package dev.weft.server.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The arguments of the PUB or HPUB being parsed, as offsets into the parser's buffer (nats-server's
 * {@code pubArg}). The parser owns one and refills it for every publish, so the publish path
 * allocates nothing; a handler may read it only during the callback that hands it over.
 */
public final class PubArg {
  int subjectOff;
  int subjectLen;
  int replyOff;
  int replyLen;
  int headerLen;
  int size;
  int payloadOff;

  public int subjectOffset() {
    return subjectOff;
  }

  public int subjectLength() {
    return subjectLen;
  }

  /** Meaningful only when {@link #replyLength()} is not 0. */
  public int replyOffset() {
    return replyOff;
  }

  /** 0 without a reply subject. */
  public int replyLength() {
    return replyLen;
  }

  /** Header bytes at the start of the payload (HPUB), or -1 for a PUB. */
  public int headerLength() {
    return headerLen;
  }

  /** Payload bytes, headers included. */
  public int size() {
    return size;
  }

  /** Start of the payload (its bytes are in the buffer only by {@code onMsg}). */
  public int payloadOffset() {
    return payloadOff;
  }

  public boolean hasHeaders() {
    return headerLen >= 0;
  }

  /** The subject as text (one char per wire byte); allocates, so off the hot path only. */
  public String subject(byte[] b) {
    return new String(b, subjectOff, subjectLen, StandardCharsets.ISO_8859_1);
  }

  /** The reply subject as text, or "" without one; allocates, so off the hot path only. */
  public String reply(byte[] b) {
    if (replyLen == 0) {
      return "";
    }
    return new String(b, replyOff, replyLen, StandardCharsets.ISO_8859_1);
  }

  /** The buffer's contents moved {@code delta} bytes towards its start. */
  void shift(int delta) {
    subjectOff -= delta;
    replyOff -= delta;
    payloadOff -= delta;
  }
}
