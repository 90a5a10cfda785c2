package dev.weft.client.protocol;

import dev.weft.wire.Ascii;
import dev.weft.wire.Decimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental parser of what a NATS server sends: MSG, HMSG, PING, PONG, +OK, -ERR and INFO. The
 * socket reads straight into {@link #readBuffer()}; {@link #parse} then hands every complete
 * operation to a {@link Handler} and keeps a partial one for the next read, so one read of many
 * messages costs one call. Like the server, it does not scan payloads: it jumps over the declared
 * byte count and then requires CRLF. Op names are case-insensitive and fields may be separated by
 * runs of spaces or tabs. Not thread-safe: one reader owns it.
 */
public final class ServerOpParser {
  /** Receives parsed operations, in wire order. */
  public interface Handler {
    /**
     * A message. {@code headers} is the raw header block ({@code NATS/1.0...CRLFCRLF}) of an HMSG,
     * or null for a MSG.
     */
    void onMsg(String subject, long sid, String replyTo, byte[] headers, byte[] payload);

    void onPing();

    void onPong();

    void onOk();

    /** {@code -ERR}: the text with the surrounding quotes removed. */
    void onErr(String text);

    /** {@code INFO}: the JSON text. */
    void onInfo(String json);
  }

  private static final int INITIAL = 64 * 1024;

  /** Longest control line accepted from a server; nats-server's own limit is 4096 of arguments. */
  private static final int MAX_CONTROL_LINE = 64 * 1024;

  private byte[] buf = new byte[INITIAL];
  private ByteBuffer view = ByteBuffer.wrap(buf);
  private int start;
  private int end;
  private final int[] tokens = new int[16];
  private byte[] lastSubjectBytes = new byte[0];
  private String lastSubject = "";

  /**
   * A buffer to read into, positioned at the free space (there is always some); call {@link
   * #commit(int)} with the count the read returned.
   */
  public ByteBuffer readBuffer() {
    ensureFree(1);
    view.limit(buf.length).position(end);
    return view;
  }

  /** Records that {@code n} bytes were read into {@link #readBuffer()}. */
  public void commit(int n) {
    if (n > 0) {
      end += n;
    }
  }

  /** Appends bytes as if they had been read (bytes read during the handshake, tests). */
  public void feed(byte[] data, int off, int len) {
    ensureFree(len);
    System.arraycopy(data, off, buf, end, len);
    end += len;
  }

  /** Bytes received but not yet parsed. */
  public int buffered() {
    return end - start;
  }

  /**
   * Parses every complete operation in the buffer.
   *
   * @throws ProtocolException when the server sent something that is not the protocol; the
   *     connection cannot be trusted after that
   */
  public void parse(Handler h) throws ProtocolException {
    try {
      while (parseOne(h)) {
        // one operation per iteration
      }
    } finally {
      if (start == end) {
        start = 0;
        end = 0;
      }
    }
  }

  private boolean parseOne(Handler h) throws ProtocolException {
    int nl = -1;
    for (int i = start; i < end; i++) {
      if (buf[i] == '\n') {
        nl = i;
        break;
      }
    }
    if (nl < 0) {
      if (end - start > MAX_CONTROL_LINE) {
        throw new ProtocolException("control line longer than " + MAX_CONTROL_LINE + " bytes");
      }
      return false;
    }
    int lineEnd = nl;
    if (lineEnd > start && buf[lineEnd - 1] == '\r') {
      lineEnd--;
    }
    int n = tokenize(start, lineEnd);
    if (n == 0) {
      throw new ProtocolException("empty control line");
    }
    int opStart = tokens[0];
    int opLen = tokens[1] - tokens[0];
    switch (opLen) {
      case 3 -> {
        if (is(opStart, "MSG")) {
          return msg(h, n, nl, false);
        }
        if (is(opStart, "+OK")) {
          start = nl + 1;
          h.onOk();
          return true;
        }
      }
      case 4 -> {
        if (is(opStart, "HMSG")) {
          return msg(h, n, nl, true);
        }
        if (is(opStart, "PING")) {
          start = nl + 1;
          h.onPing();
          return true;
        }
        if (is(opStart, "PONG")) {
          start = nl + 1;
          h.onPong();
          return true;
        }
        if (is(opStart, "-ERR")) {
          String text =
              new String(buf, tokens[1], lineEnd - tokens[1], StandardCharsets.UTF_8).strip();
          if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            text = text.substring(1, text.length() - 1);
          }
          start = nl + 1;
          h.onErr(text);
          return true;
        }
        if (is(opStart, "INFO")) {
          String json =
              new String(buf, tokens[1], lineEnd - tokens[1], StandardCharsets.UTF_8).strip();
          start = nl + 1;
          h.onInfo(json);
          return true;
        }
      }
      default -> {}
    }
    throw new ProtocolException("unknown operation: " + preview(start, lineEnd));
  }

  private boolean msg(Handler h, int n, int nl, boolean withHeaders) throws ProtocolException {
    int args = n - 1;
    int min = withHeaders ? 4 : 3;
    if (args != min && args != min + 1) {
      throw new ProtocolException("wrong number of arguments: " + preview(start, nl));
    }
    boolean hasReply = args == min + 1;
    int sizeTok = n - 1;
    long total = number(sizeTok);
    long hdr = withHeaders ? number(sizeTok - 1) : 0;
    if (total < 0 || hdr < 0 || hdr > total || total > Integer.MAX_VALUE - 16) {
      throw new ProtocolException("bad size: " + preview(start, nl));
    }
    int payloadStart = nl + 1;
    long needEnd = (long) payloadStart + total + 2;
    if (needEnd > end) {
      // Make room for the whole message so the next read can complete it.
      int lineLen = payloadStart - start;
      ensureCapacityFromStart(lineLen + (int) total + 2);
      return false;
    }
    int payloadEnd = payloadStart + (int) total;
    if (buf[payloadEnd] != '\r' || buf[payloadEnd + 1] != '\n') {
      throw new ProtocolException("payload not followed by CRLF (size mismatch)");
    }
    String subject = subject(1);
    long sid = number(2);
    String reply = hasReply ? text(3) : null;
    byte[] headers =
        withHeaders ? Arrays.copyOfRange(buf, payloadStart, payloadStart + (int) hdr) : null;
    byte[] payload = Arrays.copyOfRange(buf, payloadStart + (int) hdr, payloadEnd);
    start = payloadEnd + 2;
    h.onMsg(subject, sid, reply, headers, payload);
    return true;
  }

  /** Splits [from, to) on runs of spaces and tabs; returns the token count. */
  private int tokenize(int from, int to) throws ProtocolException {
    int count = 0;
    int i = from;
    while (i < to) {
      while (i < to && Ascii.isSpaceOrTab(buf[i])) {
        i++;
      }
      if (i >= to) {
        break;
      }
      int s = i;
      while (i < to && !Ascii.isSpaceOrTab(buf[i])) {
        i++;
      }
      if (count * 2 + 1 >= tokens.length) {
        // INFO and -ERR carry free text: only the op itself matters then.
        if (count >= 1) {
          return count;
        }
        throw new ProtocolException("too many fields");
      }
      tokens[count * 2] = s;
      tokens[count * 2 + 1] = i;
      count++;
    }
    return count;
  }

  private boolean is(int at, String op) {
    return Ascii.startsWithIgnoreCase(buf, at, op);
  }

  /**
   * The subject of a MSG; a stream of messages usually repeats one subject, so the last one is
   * reused instead of decoding the same bytes again.
   */
  private String subject(int tok) {
    int s = tokens[tok * 2];
    int len = tokens[tok * 2 + 1] - s;
    byte[] last = lastSubjectBytes;
    if (last.length == len && Arrays.equals(buf, s, s + len, last, 0, len)) {
      return lastSubject;
    }
    lastSubjectBytes = Arrays.copyOfRange(buf, s, s + len);
    lastSubject = new String(lastSubjectBytes, StandardCharsets.UTF_8);
    return lastSubject;
  }

  private String text(int tok) {
    int s = tokens[tok * 2];
    return new String(buf, s, tokens[tok * 2 + 1] - s, StandardCharsets.UTF_8);
  }

  private long number(int tok) throws ProtocolException {
    int s = tokens[tok * 2];
    int e = tokens[tok * 2 + 1];
    long v = Decimal.parse(buf, s, e - s, 18);
    if (v < 0) {
      throw new ProtocolException("bad number: " + preview(s, e));
    }
    return v;
  }

  private String preview(int from, int to) {
    int len = Math.min(to - from, 80);
    return new String(buf, from, Math.max(len, 0), StandardCharsets.UTF_8).replace("\r", "\\r");
  }

  private void ensureFree(int need) {
    if (buf.length - end >= need) {
      return;
    }
    compact();
    if (buf.length - end >= need) {
      return;
    }
    grow(end + need);
  }

  private void ensureCapacityFromStart(int need) {
    compact();
    if (buf.length < need) {
      grow(need);
    }
  }

  private void compact() {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
  }

  private void grow(int atLeast) {
    int cap = buf.length;
    while (cap < atLeast) {
      cap *= 2;
    }
    buf = Arrays.copyOf(buf, cap);
    view = ByteBuffer.wrap(buf);
  }
}
