package dev.weft.server.engine;

import dev.weft.server.routing.Subscription;

/**
 * One connection's outbound bytes: a pending buffer that publishers (any reader task) append to
 * under this object's lock, and a second buffer the connection's writer task is writing. The
 * writer swaps the two, so it writes everything accumulated in one call while publishers keep
 * appending to the other buffer; the lock is held only for copies and the swap, never for I/O.
 *
 * <p>Slow-consumer policy: pending plus in-flight bytes may not exceed {@code maxPending}. An
 * append that would pass it is refused and the connection is cut (no stall gate: publishers are
 * never slowed down for a slow subscriber, so every other connection is unaffected and loses
 * nothing), which bounds this connection's outbound memory to about twice {@code maxPending}
 * (buffer doubling) for the pending side plus what is in flight.
 */
final class Outbound {
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

    private static final int INITIAL_CAPACITY = 8 * 1024;
    /** A write buffer larger than this is dropped after use rather than kept for reuse. */
    private static final int KEEP_LIMIT = 1024 * 1024;
    private static final byte[] MSG = {'M', 'S', 'G', ' '};
    private static final byte[] HMSG = {'H', 'M', 'S', 'G', ' '};

    private final long maxPending;
    private byte[] buf;
    private int len;
    private byte[] spare;
    private long inFlight;
    private boolean closed;

    /** The buffer the writer task took with {@link #take()}; touched only by the writer. */
    byte[] writing;

    Outbound(long maxPending) {
        this.maxPending = maxPending;
    }

    /** Appends a control line or any preformatted bytes. */
    synchronized int append(byte[] data) {
        return append(data, 0, data.length);
    }

    synchronized int append(byte[] data, int off, int n) {
        if (closed) {
            return DROPPED;
        }
        if (len + inFlight + n > maxPending) {
            closed = true;
            return SLOW;
        }
        ensure(n);
        System.arraycopy(data, off, buf, len, n);
        len += n;
        return DELIVERED;
    }

    /**
     * Appends one MSG or HMSG for {@code sub}, counting the delivery against the subscription's
     * auto-unsubscribe limit exactly as nats-server's deliverMsg does.
     *
     * @param headerLen      header bytes at the start of the payload, or -1 for a PUB
     * @param keepHeaders    whether the subscriber negotiated headers; if not, they are stripped
     */
    synchronized int appendMsg(Subscription sub, byte[] b, int subjectOff, int subjectLen, int replyOff,
            int replyLen, int headerLen, int payloadOff, int size, boolean keepHeaders) {
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
        boolean hmsg = headerLen >= 0 && keepHeaders;
        int from = payloadOff;
        int n = size;
        if (headerLen >= 0 && !keepHeaders) {
            from += headerLen;
            n -= headerLen;
        }
        byte[] sid = sub.sidBytes;
        int need = (hmsg ? 5 : 4) + subjectLen + 1 + sid.length + 1 + (replyLen > 0 ? replyLen + 1 : 0)
                + (hmsg ? digits(headerLen) + 1 : 0) + digits(n) + 2 + n + 2;
        if (len + inFlight + need > maxPending) {
            closed = true;
            return SLOW;
        }
        ensure(need);
        byte[] o = buf;
        int p = len;
        if (hmsg) {
            System.arraycopy(HMSG, 0, o, p, 5);
            p += 5;
        } else {
            System.arraycopy(MSG, 0, o, p, 4);
            p += 4;
        }
        System.arraycopy(b, subjectOff, o, p, subjectLen);
        p += subjectLen;
        o[p++] = ' ';
        System.arraycopy(sid, 0, o, p, sid.length);
        p += sid.length;
        o[p++] = ' ';
        if (replyLen > 0) {
            System.arraycopy(b, replyOff, o, p, replyLen);
            p += replyLen;
            o[p++] = ' ';
        }
        if (hmsg) {
            p = putInt(o, p, headerLen);
            o[p++] = ' ';
        }
        p = putInt(o, p, n);
        o[p++] = '\r';
        o[p++] = '\n';
        System.arraycopy(b, from, o, p, n);
        p += n;
        o[p++] = '\r';
        o[p++] = '\n';
        len = p;
        return result;
    }

    /**
     * Sets an UNSUB limit under the same lock that counts deliveries.
     *
     * @return true when the subscription must be removed now (nats-server: max absent, or not above
     *         what was already delivered)
     */
    synchronized boolean limit(Subscription sub, long max) {
        if (max > 0 && max > sub.delivered) {
            sub.max = max;
            return false;
        }
        sub.max = 0;
        sub.closed = true;
        return true;
    }

    /** Marks a subscription closed under the delivery lock. */
    synchronized void closeSubscription(Subscription sub) {
        sub.closed = true;
    }

    /**
     * Hands the pending bytes to the writer: they are in {@link #writing}, and a fresh buffer
     * takes appends.
     *
     * @return the byte count, 0 when nothing is pending
     */
    synchronized int take() {
        if (len == 0) {
            return 0;
        }
        int n = len;
        writing = buf;
        inFlight = n;
        buf = spare;
        spare = null;
        len = 0;
        return n;
    }

    /** The writer finished writing what {@link #take()} gave it. */
    synchronized void written() {
        inFlight = 0;
        if (writing != null && writing.length <= KEEP_LIMIT && spare == null) {
            spare = writing;
        }
        writing = null;
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
        return len + inFlight;
    }

    private void ensure(int extra) {
        if (buf == null) {
            buf = new byte[Math.max(INITIAL_CAPACITY, extra)];
            return;
        }
        int want = len + extra;
        if (want > buf.length) {
            int cap = buf.length;
            while (cap < want) {
                cap = cap << 1;
                if (cap <= 0) {
                    cap = want;
                    break;
                }
            }
            buf = java.util.Arrays.copyOf(buf, cap);
        }
    }

    static int digits(int v) {
        if (v < 10) {
            return 1;
        }
        if (v < 100) {
            return 2;
        }
        if (v < 1000) {
            return 3;
        }
        if (v < 10000) {
            return 4;
        }
        if (v < 100000) {
            return 5;
        }
        if (v < 1000000) {
            return 6;
        }
        if (v < 10000000) {
            return 7;
        }
        if (v < 100000000) {
            return 8;
        }
        return v < 1000000000 ? 9 : 10;
    }

    private static int putInt(byte[] o, int p, int v) {
        int d = digits(v);
        int end = p + d;
        for (int i = end - 1; i >= p; i--) {
            o[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }
}
