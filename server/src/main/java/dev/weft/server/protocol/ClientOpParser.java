package dev.weft.server.protocol;

import dev.weft.wire.Ascii;
import dev.weft.wire.Decimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The parser of what a client sends (CONNECT, PUB, HPUB, SUB, UNSUB, PING, PONG...), a state
 * machine with the same transitions as nats-server 2.9.10's parser.go, so malformed input fails at
 * the same byte with the same outcome.
 *
 * <p>It owns its buffer, as the client's parser does: the socket reads straight into {@link
 * #readBuffer()}, {@link #commit(int)} records the count, and {@link #parse()} hands every complete
 * op to the {@link Handler}, keeps an unfinished one for the next read and compacts, grows or
 * shrinks the buffer. Op names are matched byte by byte (any case), argument lines are scanned for
 * LF, and payloads are never scanned: the parser jumps over the declared byte count and then
 * requires CR LF. Publishes are not copied; the handler receives offsets into the buffer (a reused
 * {@link PubArg}), valid only during the call. Not thread-safe: one reader owns it.
 */
public final class ClientOpParser {
  /** Everything available was processed, or an unfinished op waits for more bytes. */
  public static final int OK = 0;

  /** Send {@code -ERR 'Unknown Protocol Operation'} and close. */
  public static final int ERR_UNKNOWN_OP = 1;

  /**
   * Close without any -ERR (bad arguments, HPUB without headers, bad CONNECT JSON, client -ERR).
   */
  public static final int ERR_SILENT = 2;

  /** Send {@code -ERR 'Maximum Payload Violation'} and close. */
  public static final int ERR_MAX_PAYLOAD = 3;

  /** Send {@code -ERR 'maximum control line exceeded'} and close. */
  public static final int ERR_CONTROL_LINE = 4;

  /** Send {@code -ERR 'Authorization Violation'} and close. */
  public static final int ERR_AUTH = 5;

  /** The handler has already dealt with the connection (sent its error and closed it). */
  public static final int STOP = 6;

  /** Callbacks for each complete operation. Buffer offsets are valid only during the call. */
  public interface Handler {
    /** True while auth is required and no CONNECT has succeeded: the first op must be CONNECT. */
    boolean awaitingAuth();

    /** Whether this client's CONNECT enabled headers (HPUB is refused otherwise). */
    boolean headersEnabled();

    /**
     * The CONNECT JSON, {@code b[off, off + len)}.
     *
     * @return {@link #OK} to go on, or a close code
     */
    int onConnect(byte[] b, int off, int len);

    /**
     * @return {@link #OK} to go on, or a close code
     */
    int onInfo(byte[] b, int off, int len);

    void onPing();

    void onPong();

    /**
     * The PUB/HPUB line was accepted; called before the payload is read (pedantic check, trace).
     */
    void onPubLine(byte[] b, PubArg pa);

    /** A complete PUB or HPUB: {@code pa} locates its subject, reply, headers and payload. */
    void onMsg(byte[] b, PubArg pa);

    /** MSG/HMSG sent by a client: nats-server accepts it as an empty publish to nothing. */
    void onStrayMsg();

    /** {@code queue} is null without a queue group. */
    void onSub(String subject, String queue, String sid);

    /** {@code max} is -1 when absent or unparsable. */
    void onUnsub(String sid, long max);

    void onClientError(byte[] b, int off, int len);
  }

  /** The buffer's first size, and the least free space a read gets. */
  private static final int MIN_BUFFER = 4 * 1024;

  /**
   * The size the buffer grows to under a stream of full reads, and shrinks back to once a burst of
   * large messages is parsed.
   */
  private static final int MAX_IDLE_BUFFER = 64 * 1024;

  private static final int S_START = 0;
  private static final int S_P = 1;
  private static final int S_H = 2;
  private static final int S_WORD = 3;
  private static final int S_NEED_SPACE = 4;
  private static final int S_SPACES = 5;
  private static final int S_ARG = 6;
  private static final int S_SKIP_LINE = 7;
  private static final int S_PAYLOAD = 8;

  private static final int OP_PUB = 1;
  private static final int OP_HPUB = 2;
  private static final int OP_SUB = 3;
  private static final int OP_UNSUB = 4;
  private static final int OP_CONNECT = 5;
  private static final int OP_INFO = 6;
  private static final int OP_PING = 7;
  private static final int OP_PONG = 8;
  private static final int OP_OK = 9;
  private static final int OP_ERR = 10;
  private static final int OP_HMSG = 11;

  private static final byte[] W_UB = {'U', 'B'};
  private static final byte[] W_B = {'B'};
  private static final byte[] W_NG = {'N', 'G'};
  private static final byte[] W_NSUB = {'N', 'S', 'U', 'B'};
  private static final byte[] W_ONNECT = {'O', 'N', 'N', 'E', 'C', 'T'};
  private static final byte[] W_NFO = {'N', 'F', 'O'};
  private static final byte[] W_OK = {'O', 'K'};
  private static final byte[] W_ERR = {'E', 'R', 'R'};
  private static final byte[] W_SG = {'S', 'G'};

  private static final int MAX_FIELDS = 6;

  private final Handler handler;
  private final int maxControlLine;
  private final int maxPayload;

  private int state = S_START;
  private int op;
  private byte[] word;
  private int wordIndex;
  private int pos;
  private int argStart;
  private boolean sawCr;

  private final PubArg pa = new PubArg();

  private final int[] fOff = new int[MAX_FIELDS];
  private final int[] fLen = new int[MAX_FIELDS];

  private byte[] buf = new byte[MIN_BUFFER];
  private ByteBuffer view = ByteBuffer.wrap(buf);
  private int limit;

  /** The last read filled the buffer: the client sends faster than this buffer holds. */
  private boolean filled;

  public ClientOpParser(Handler handler, int maxControlLine, int maxPayload) {
    this.handler = handler;
    this.maxControlLine = maxControlLine;
    this.maxPayload = maxPayload;
  }

  /**
   * The buffer to read into, positioned at its free space (there is always some); call {@link
   * #commit(int)} with the count the read returned.
   */
  public ByteBuffer readBuffer() {
    view.limit(buf.length).position(limit);
    return view;
  }

  /** Records that {@code n} bytes were read into {@link #readBuffer()}. */
  public void commit(int n) {
    if (n > 0) {
      limit += n;
      filled = limit == buf.length;
    }
  }

  /** Appends bytes as if they had been read (tests, replay). */
  public void feed(byte[] data, int off, int len) {
    if (buf.length - limit < len) {
      byte[] bigger = new byte[Math.max(buf.length * 2, limit + len)];
      System.arraycopy(buf, 0, bigger, 0, limit);
      replace(bigger);
    }
    System.arraycopy(data, off, buf, limit, len);
    limit += len;
    filled = false;
  }

  /** Bytes received but not yet handed to the handler. */
  public int buffered() {
    return limit - retainFrom();
  }

  /**
   * Parses every complete op in the buffer, then makes room for the next read.
   *
   * @return {@link #OK} or a close code; after a close code the parser must not be used again
   */
  public int parse() {
    int r = parse(buf, limit);
    if (r == OK) {
      compact();
    }
    return r;
  }

  /** The first byte still needed: the start of an unfinished line or message, else pos. */
  private int retainFrom() {
    return state == S_ARG || state == S_PAYLOAD ? argStart : pos;
  }

  /**
   * Keeps the unfinished op and nothing else. An empty buffer shrinks back after a burst of large
   * messages, or doubles (up to {@link #MAX_IDLE_BUFFER}) after a full read; an unfinished op moves
   * to the front when the rest of it would not fit or the free space runs low, into a larger buffer
   * when the whole message (bounded by max_payload) or line (bounded by max_control_line) needs it.
   */
  private void compact() {
    int keep = retainFrom();
    if (keep == limit) {
      shift(keep);
      limit = 0;
      if (buf.length > MAX_IDLE_BUFFER) {
        replace(new byte[MAX_IDLE_BUFFER]);
      } else if (filled && buf.length < MAX_IDLE_BUFFER) {
        replace(new byte[buf.length * 2]);
      }
      return;
    }
    int needed = state == S_PAYLOAD ? pa.payloadOff + pa.size + 2 - argStart : 0;
    int need = Math.max(needed, limit - keep + 1);
    int free = buf.length - limit;
    if (need > buf.length - keep || free < MIN_BUFFER / 2) {
      int cap = buf.length;
      if (filled && cap < MAX_IDLE_BUFFER) {
        cap *= 2;
      }
      while (cap < need) {
        cap *= 2;
      }
      byte[] target = cap == buf.length ? buf : new byte[cap];
      System.arraycopy(buf, keep, target, 0, limit - keep);
      if (target != buf) {
        replace(target);
      }
      shift(keep);
      limit -= keep;
    }
  }

  private void replace(byte[] b) {
    buf = b;
    view = ByteBuffer.wrap(b);
  }

  /** The buffer contents moved {@code delta} bytes towards the start. */
  private void shift(int delta) {
    pos -= delta;
    argStart -= delta;
    pa.shift(delta);
  }

  /** Parses {@code b[pos .. limit)}. */
  private int parse(byte[] b, int limit) {
    int i = pos;
    while (i < limit) {
      switch (state) {
        case S_START:
          {
            byte c = b[i];
            if (c != 'C' && c != 'c' && handler.awaitingAuth()) {
              pos = i;
              return ERR_AUTH;
            }
            if ((c == 'P' || c == 'p') && i + 3 < limit) {
              int next = fastPub(b, i, limit);
              if (next >= 0) {
                i = next;
                break;
              }
            }
            switch (c) {
              case 'P', 'p' -> state = S_P;
              case 'H', 'h' -> state = S_H;
              case 'S', 's' -> word(W_UB, OP_SUB);
              case 'U', 'u' -> word(W_NSUB, OP_UNSUB);
              case 'C', 'c' -> word(W_ONNECT, OP_CONNECT);
              case 'I', 'i' -> word(W_NFO, OP_INFO);
              case '+' -> word(W_OK, OP_OK);
              case '-' -> word(W_ERR, OP_ERR);
              default -> {
                pos = i;
                return ERR_UNKNOWN_OP;
              }
            }
            i++;
            break;
          }
        case S_P:
          {
            switch (b[i]) {
              case 'U', 'u' -> word(W_B, OP_PUB);
              case 'I', 'i' -> word(W_NG, OP_PING);
              case 'O', 'o' -> word(W_NG, OP_PONG);
              default -> {
                pos = i;
                return ERR_UNKNOWN_OP;
              }
            }
            i++;
            break;
          }
        case S_H:
          {
            switch (b[i]) {
              case 'P', 'p' -> word(W_UB, OP_HPUB);
              case 'M', 'm' -> word(W_SG, OP_HMSG);
              default -> {
                pos = i;
                return ERR_UNKNOWN_OP;
              }
            }
            i++;
            break;
          }
        case S_WORD:
          {
            if (Ascii.toUpper(b[i]) != word[wordIndex]) {
              pos = i;
              return ERR_UNKNOWN_OP;
            }
            i++;
            if (++wordIndex == word.length) {
              state =
                  switch (op) {
                    case OP_CONNECT, OP_INFO -> S_SPACES;
                    case OP_PING, OP_PONG, OP_OK -> S_SKIP_LINE;
                    default -> S_NEED_SPACE;
                  };
            }
            break;
          }
        case S_NEED_SPACE:
          {
            byte c = b[i];
            if (!Ascii.isSpaceOrTab(c)) {
              pos = i;
              return ERR_UNKNOWN_OP;
            }
            state = S_SPACES;
            i++;
            break;
          }
        case S_SPACES:
          {
            byte c = b[i];
            if (!Ascii.isSpaceOrTab(c)) {
              // As in nats-server, the first argument byte is taken without being
              // examined, even when it is CR or LF.
              argStart = i;
              sawCr = false;
              state = S_ARG;
            }
            i++;
            break;
          }
        case S_ARG:
          {
            int j = i;
            boolean cr = sawCr;
            while (j < limit) {
              byte c = b[j];
              if (c == '\n') {
                break;
              }
              if (c == '\r') {
                cr = true;
              }
              j++;
            }
            sawCr = cr;
            if (j == limit) {
              i = limit;
              break;
            }
            int argEnd = cr ? j - 1 : j;
            pos = j + 1;
            int r = line(b, argStart, argEnd);
            if (r != OK) {
              return r;
            }
            i = pos;
            break;
          }
        case S_SKIP_LINE:
          {
            int j = i;
            while (j < limit && b[j] != '\n') {
              j++;
            }
            if (j == limit) {
              i = limit;
              break;
            }
            i = j + 1;
            state = S_START;
            if (op == OP_PING) {
              handler.onPing();
            } else if (op == OP_PONG) {
              handler.onPong();
            }
            break;
          }
        case S_PAYLOAD:
          {
            int end = pa.payloadOff + pa.size;
            if (limit <= end) {
              i = limit;
              break;
            }
            if (b[end] != '\r') {
              pos = end;
              return ERR_UNKNOWN_OP;
            }
            if (limit == end + 1) {
              i = limit;
              break;
            }
            if (b[end + 1] != '\n') {
              pos = end + 1;
              return ERR_UNKNOWN_OP;
            }
            state = S_START;
            pos = end + 2;
            if (op == OP_HMSG) {
              handler.onStrayMsg();
            } else {
              handler.onMsg(b, pa);
            }
            i = pos;
            break;
          }
        default:
          throw new IllegalStateException("parser state " + state);
      }
    }
    pos = i;
    if (state == S_ARG) {
      int len = limit - argStart - (sawCr ? 1 : 0);
      if (len > maxControlLine) {
        return ERR_CONTROL_LINE;
      }
    }
    return OK;
  }

  private void word(byte[] w, int op) {
    this.word = w;
    this.wordIndex = 0;
    this.op = op;
    this.state = S_WORD;
  }

  /** A complete argument line {@code b[from, to)}; pos is already past its LF. */
  private int line(byte[] b, int from, int to) {
    if (to - from > maxControlLine) {
      return ERR_CONTROL_LINE;
    }
    switch (op) {
      case OP_PUB:
        {
          int n = split(b, from, to, false);
          if (n != 2 && n != 3) {
            return ERR_SILENT;
          }
          int sz = Decimal.parseSize(b, fOff[n - 1], fLen[n - 1]);
          if (sz < 0) {
            return ERR_SILENT;
          }
          if (sz > maxPayload) {
            return ERR_MAX_PAYLOAD;
          }
          return startPayload(b, n == 3, -1, sz);
        }
      case OP_HPUB:
        {
          if (!handler.headersEnabled()) {
            return ERR_SILENT;
          }
          int n = split(b, from, to, false);
          if (n != 3 && n != 4) {
            return ERR_SILENT;
          }
          int hdr = Decimal.parseSize(b, fOff[n - 2], fLen[n - 2]);
          int sz = Decimal.parseSize(b, fOff[n - 1], fLen[n - 1]);
          if (hdr < 0 || sz < 0 || hdr > sz) {
            return ERR_SILENT;
          }
          if (sz > maxPayload) {
            return ERR_MAX_PAYLOAD;
          }
          return startPayload(b, n == 4, hdr, sz);
        }
      case OP_HMSG:
        {
          // nats-server parses a client's HMSG arguments only for routes and leafs; for a
          // client it then expects an empty payload.
          pa.headerLen = -1;
          pa.size = 0;
          pa.payloadOff = pos;
          state = S_PAYLOAD;
          return OK;
        }
      case OP_SUB:
        {
          state = S_START;
          int n = split(b, from, to, true);
          if (n == 2) {
            handler.onSub(text(b, 0), null, text(b, 1));
          } else if (n == 3) {
            handler.onSub(text(b, 0), text(b, 1), text(b, 2));
          } else {
            return ERR_SILENT;
          }
          return OK;
        }
      case OP_UNSUB:
        {
          state = S_START;
          int n = split(b, from, to, true);
          if (n == 1) {
            handler.onUnsub(text(b, 0), -1);
          } else if (n == 2) {
            handler.onUnsub(text(b, 0), Decimal.parseSize(b, fOff[1], fLen[1]));
          } else {
            return ERR_SILENT;
          }
          return OK;
        }
      case OP_CONNECT:
        {
          state = S_START;
          return handler.onConnect(b, from, to - from);
        }
      case OP_INFO:
        {
          state = S_START;
          return handler.onInfo(b, from, to - from);
        }
      case OP_ERR:
        {
          state = S_START;
          handler.onClientError(b, from, to - from);
          return ERR_SILENT;
        }
      default:
        throw new IllegalStateException("op " + op);
    }
  }

  /**
   * The common case, a complete well-formed {@code PUB subject [reply] size} line, in one pass.
   * Anything unusual (a split line, a stray CR, a bad size, too many fields) returns -1 and the
   * byte-wise path takes over from the first byte, so outcomes stay exactly nats-server's.
   *
   * @return the index after the line's LF, with the parser in the payload state; or -1
   */
  private int fastPub(byte[] b, int i, int limit) {
    if (Ascii.toUpper(b[i + 1]) != 'U'
        || Ascii.toUpper(b[i + 2]) != 'B'
        || !Ascii.isSpaceOrTab(b[i + 3])) {
      return -1;
    }
    int j = i + 4;
    while (j < limit && Ascii.isSpaceOrTab(b[j])) {
      j++;
    }
    int from = j;
    int n = 0;
    int start = -1;
    int end = -1;
    for (; j < limit; j++) {
      byte c = b[j];
      if (Ascii.isSpaceOrTab(c) || c == '\r') {
        if (start >= 0) {
          if (n == 3) {
            return -1;
          }
          fOff[n] = start;
          fLen[n] = j - start;
          n++;
          start = -1;
        }
        if (c == '\r') {
          if (j + 1 >= limit || b[j + 1] != '\n') {
            return -1;
          }
          end = j;
          j += 2;
          break;
        }
      } else if (c == '\n') {
        return -1;
      } else if (start < 0) {
        start = j;
      }
    }
    if (end < 0 || (n != 2 && n != 3) || b[from] == '\r' || end - from > maxControlLine) {
      return -1;
    }
    int sz = Decimal.parseSize(b, fOff[n - 1], fLen[n - 1]);
    if (sz < 0 || sz > maxPayload) {
      return -1;
    }
    op = OP_PUB;
    argStart = from;
    pos = j;
    startPayload(b, n == 3, -1, sz);
    return j;
  }

  private int startPayload(byte[] b, boolean hasReply, int hdr, int sz) {
    PubArg a = pa;
    a.subjectOff = fOff[0];
    a.subjectLen = fLen[0];
    if (hasReply) {
      a.replyOff = fOff[1];
      a.replyLen = fLen[1];
    } else {
      a.replyOff = 0;
      a.replyLen = 0;
    }
    a.headerLen = hdr;
    a.size = sz;
    a.payloadOff = pos;
    state = S_PAYLOAD;
    handler.onPubLine(b, a);
    return OK;
  }

  /** Field {@code i} of the last split, as text (one char per wire byte). */
  private String text(byte[] b, int i) {
    return new String(b, fOff[i], fLen[i], StandardCharsets.ISO_8859_1);
  }

  /**
   * Splits on spaces and tabs (and CR/LF too for SUB/UNSUB, as splitArg does).
   *
   * @return the field count, or MAX_FIELDS when there are at least that many
   */
  private int split(byte[] b, int from, int to, boolean crlfSeparates) {
    int n = 0;
    int start = -1;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      boolean sep = Ascii.isSpaceOrTab(c) || (crlfSeparates && (c == '\r' || c == '\n'));
      if (sep) {
        if (start >= 0) {
          if (n == MAX_FIELDS) {
            return MAX_FIELDS;
          }
          fOff[n] = start;
          fLen[n] = i - start;
          n++;
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (start >= 0) {
      if (n == MAX_FIELDS) {
        return MAX_FIELDS;
      }
      fOff[n] = start;
      fLen[n] = to - start;
      n++;
    }
    return n;
  }
}
