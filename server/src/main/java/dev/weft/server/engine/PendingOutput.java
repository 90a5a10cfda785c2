package dev.weft.server.engine;

import dev.weft.server.protocol.PubArg;
import dev.weft.server.routing.SubscriptionEntry;
import dev.weft.wire.Decimal;

/**
 * The engine's pending output for one client: the bytes queued for it and not yet written.
 * Publishers (any reader task) append under this object's lock into a list of fixed-size chunks;
 * the connection's writer task swaps the whole list out and writes it with one gathering write
 * while publishers fill a fresh list. The lock is held only for copies and the swap, never for I/O.
 * Chunks (rather than one growing array) keep large backlogs from being copied on growth and from
 * becoming humongous heap objects, and a few are recycled per connection.
 *
 * <p>Slow-consumer policy: pending plus in-flight bytes may not exceed {@code maxPending}. An
 * append that would pass it is refused and the connection is cut. Before that, publishers are
 * stalled briefly (see {@code Fanout#flushDirty}), never for long, so one stuck subscriber cannot
 * hold up other connections. Pending memory per connection is therefore bounded by {@code
 * maxPending} plus one partly filled chunk per side plus the recycled chunks.
 */
final class PendingOutput implements ClientSink {
  /** The message was appended. */
  static final int DELIVERED = 1;

  /** Appended, and it was the subscription's last one (its max was reached); remove it. */
  static final int DELIVERED_LAST = 2;

  /** Not appended: the subscription already reached its max; remove it. */
  static final int EXPIRED = 3;

  /** Not appended: the connection went over max_pending and must be cut. */
  static final int SLOW = 4;

  /** Not appended: the connection or the subscription is closed. */
  static final int DROPPED = 0;

  static final int CHUNK = 32 * 1024;
  private static final int KEEP_CHUNKS = 2;
  private static final byte[] MSG = {'M', 'S', 'G', ' '};
  private static final byte[] HMSG = {'H', 'M', 'S', 'G', ' '};
  private static final byte[] CRLF = {'\r', '\n'};

  private final long maxPending;
  private byte[][] chunks = new byte[4][];

  /** Fill of each chunk but the tail (a message that does not fit starts a new chunk). */
  private int[] lens = new int[4];

  private int count;
  private int tailLen;
  private long pending;
  private long inFlight;
  private byte[][] spareList = new byte[4][];
  private final byte[][] free = new byte[KEEP_CHUNKS][];
  private int freeCount;
  private boolean closed;

  // Owned by the writer task between take() and written().
  private byte[][] writingList;
  private int writingCount;

  /** Whether the client negotiated headers; if not, HPUB headers are stripped from its MSGs. */
  private boolean keepHeaders;

  PendingOutput(long maxPending) {
    this.maxPending = maxPending;
  }

  /** Set by the client's CONNECT. */
  synchronized void keepHeaders(boolean keep) {
    keepHeaders = keep;
  }

  synchronized boolean keepsHeaders() {
    return keepHeaders;
  }

  @Override
  public int control(byte[] line) {
    return append(line, 0, line.length);
  }

  @Override
  public int message(SubscriptionEntry<ClientConnection> sub, byte[] b, PubArg pa) {
    return appendMsg(sub, b, pa);
  }

  @Override
  public void unsubscribed(SubscriptionEntry<ClientConnection> sub) {
    closeSubscription(sub);
  }

  /** Appends a control line or any preformatted bytes. */
  synchronized int append(byte[] data) {
    return append(data, 0, data.length);
  }

  synchronized int append(byte[] data, int off, int n) {
    if (closed) {
      return DROPPED;
    }
    if (pending + inFlight + n > maxPending) {
      closed = true;
      return SLOW;
    }
    put(data, off, n);
    return DELIVERED;
  }

  /**
   * Appends one MSG or HMSG for {@code sub}, counting the delivery against the subscription's
   * auto-unsubscribe limit exactly as nats-server's deliverMsg does.
   */
  synchronized int appendMsg(SubscriptionEntry<?> sub, byte[] b, PubArg pa) {
    if (closed || sub.closed) {
      return DROPPED;
    }
    long nm = ++sub.delivered;
    int result = DELIVERED;
    if (sub.max > 0) {
      if (nm == sub.max) {
        sub.closed = true;
        result = DELIVERED_LAST;
      } else if (nm > sub.max) {
        sub.closed = true;
        return EXPIRED;
      }
    }
    int headerLen = pa.headerLength();
    boolean hmsg = headerLen >= 0 && keepHeaders;
    int from = pa.payloadOffset();
    int n = pa.size();
    if (headerLen >= 0 && !keepHeaders) {
      from += headerLen;
      n -= headerLen;
    }
    int replyLen = pa.replyLength();
    byte[] sid = sub.sidBytes;
    int head =
        (hmsg ? 5 : 4)
            + pa.subjectLength()
            + 1
            + sid.length
            + 1
            + (replyLen > 0 ? replyLen + 1 : 0)
            + (hmsg ? Decimal.digits(headerLen) + 1 : 0)
            + Decimal.digits(n)
            + 2;
    int need = head + n + 2;
    if (pending + inFlight + need > maxPending) {
      closed = true;
      return SLOW;
    }
    if (need > CHUNK) {
      byte[] h = new byte[head];
      header(h, 0, hmsg, b, pa, sid, n);
      put(h, 0, head);
      put(b, from, n);
      put(CRLF, 0, 2);
      return result;
    }
    if (count == 0 || CHUNK - tailLen < need) {
      newChunk();
    }
    byte[] o = chunks[count - 1];
    int p = header(o, tailLen, hmsg, b, pa, sid, n);
    System.arraycopy(b, from, o, p, n);
    p += n;
    o[p++] = '\r';
    o[p++] = '\n';
    tailLen = p;
    pending += need;
    return result;
  }

  /** Writes the MSG/HMSG line for a payload of {@code n} bytes at {@code o[p]}; returns its end. */
  private static int header(byte[] o, int p, boolean hmsg, byte[] b, PubArg pa, byte[] sid, int n) {
    if (hmsg) {
      System.arraycopy(HMSG, 0, o, p, 5);
      p += 5;
    } else {
      System.arraycopy(MSG, 0, o, p, 4);
      p += 4;
    }
    int subjectLen = pa.subjectLength();
    System.arraycopy(b, pa.subjectOffset(), o, p, subjectLen);
    p += subjectLen;
    o[p++] = ' ';
    System.arraycopy(sid, 0, o, p, sid.length);
    p += sid.length;
    o[p++] = ' ';
    int replyLen = pa.replyLength();
    if (replyLen > 0) {
      System.arraycopy(b, pa.replyOffset(), o, p, replyLen);
      p += replyLen;
      o[p++] = ' ';
    }
    if (hmsg) {
      p = Decimal.write(o, p, pa.headerLength());
      o[p++] = ' ';
    }
    p = Decimal.write(o, p, n);
    o[p++] = '\r';
    o[p++] = '\n';
    return p;
  }

  private void put(byte[] src, int off, int n) {
    pending += n;
    while (n > 0) {
      if (count == 0 || tailLen == CHUNK) {
        newChunk();
      }
      int k = Math.min(n, CHUNK - tailLen);
      System.arraycopy(src, off, chunks[count - 1], tailLen, k);
      tailLen += k;
      off += k;
      n -= k;
    }
  }

  private void newChunk() {
    if (count > 0) {
      lens[count - 1] = tailLen;
    }
    if (count == chunks.length) {
      chunks = java.util.Arrays.copyOf(chunks, count * 2);
    }
    if (count == lens.length) {
      lens = java.util.Arrays.copyOf(lens, count * 2);
    }
    chunks[count++] = freeCount > 0 ? free[--freeCount] : new byte[CHUNK];
    tailLen = 0;
  }

  /**
   * Sets an UNSUB limit under the same lock that counts deliveries.
   *
   * @return true when the subscription must be removed now (nats-server: max absent, or not above
   *     what was already delivered)
   */
  synchronized boolean limit(SubscriptionEntry<?> sub, long max) {
    if (max > 0 && max > sub.delivered) {
      sub.max = max;
      return false;
    }
    sub.max = 0;
    sub.closed = true;
    return true;
  }

  /** Marks a subscription closed under the delivery lock. */
  synchronized void closeSubscription(SubscriptionEntry<?> sub) {
    sub.closed = true;
  }

  /**
   * Hands everything pending to the writer as buffers for one gathering write; a fresh list takes
   * appends meanwhile. Must be followed by {@link #written()}.
   *
   * @return the buffers, or null when nothing is pending
   */
  synchronized java.nio.ByteBuffer[] take() {
    if (pending == 0) {
      return null;
    }
    java.nio.ByteBuffer[] out = new java.nio.ByteBuffer[count];
    for (int i = 0; i < count; i++) {
      out[i] = java.nio.ByteBuffer.wrap(chunks[i], 0, i == count - 1 ? tailLen : lens[i]);
    }
    writingList = chunks;
    writingCount = count;
    inFlight = pending;
    chunks = spareList;
    spareList = null;
    count = 0;
    tailLen = 0;
    pending = 0;
    return out;
  }

  /** The writer finished writing what {@link #take()} gave it. */
  synchronized void written() {
    inFlight = 0;
    byte[][] list = writingList;
    if (list == null) {
      return;
    }
    for (int i = 0; i < writingCount; i++) {
      if (freeCount < KEEP_CHUNKS) {
        free[freeCount++] = list[i];
      }
      list[i] = null;
    }
    spareList = list.length > 64 ? new byte[4][] : list;
    writingList = null;
    writingCount = 0;
  }

  /** Refuses later appends; what is pending is still written. Idempotent. */
  synchronized void close() {
    closed = true;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** Pending plus in-flight bytes. */
  synchronized long pendingBytes() {
    return pending + inFlight;
  }
}
