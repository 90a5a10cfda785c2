package dev.weft.server.engine;

import dev.weft.server.protocol.ConnectOptions;
import dev.weft.server.protocol.JsonReader;
import dev.weft.server.protocol.ProtocolParser;
import dev.weft.server.routing.MatchResult;
import dev.weft.server.routing.SubjectCache;
import dev.weft.server.routing.Subscriber;
import dev.weft.server.routing.Subscription;
import dev.weft.spi.Context;
import dev.weft.spi.Signal;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection: a reader task that reads into a reusable buffer and parses in batches,
 * delivering straight into subscribers' {@link Outbound}s, and a writer task that sleeps on a
 * {@link Signal} and writes everything pending in one call.
 *
 * <p>A reader raises each touched subscriber's signal once per read batch (not per message), so a
 * burst of publishes reaches a subscriber as one large write.
 */
final class ClientConnection implements ProtocolParser.Handler, Subscriber {
  private static final byte[] PONG = ascii("PONG\r\n");
  private static final byte[] PING = ascii("PING\r\n");
  private static final byte[] OK = ascii("+OK\r\n");

  private static final int AUTH_PENDING = 0;
  private static final int AUTH_DONE = 1;
  private static final int AUTH_TIMED_OUT = 2;
  private static final int AUTH_CHECKING = 3;

  private static final int MIN_READ_BUFFER = 4 * 1024;
  private static final long STALL_BUDGET_NANOS = java.time.Duration.ofMillis(10).toNanos();
  private static final java.time.Duration STALL_POLL = java.time.Duration.ofMillis(1);
  private static final int MAX_READ_BUFFER = 64 * 1024;

  final long cid;
  private final Engine engine;
  private final StreamSocket socket;
  private final String peer;
  final Outbound outbound;
  final Signal writeSignal;
  private final ProtocolParser parser;
  private final SubjectCache cache;
  private final ConnectOptions opts = new ConnectOptions();
  private final Map<String, Subscription> subs = new HashMap<>();
  private final AtomicBoolean terminated = new AtomicBoolean();
  private final AtomicInteger authState;

  // Written by the reader on CONNECT, read by publishers delivering to this connection.
  private volatile boolean headers;
  private volatile boolean echo = true;
  private boolean verbose = true;
  private boolean pedantic = true;
  private boolean noResponders;

  // Keepalive and deadlines, read by the housekeeping task.
  private volatile long lastActivity;
  private volatile long lastClientPing;
  private volatile int pingsOut;
  private volatile boolean rttKnown;
  private volatile long nextPingAt;
  private final long authDeadline;
  private volatile long writeStartedAt;

  // Reader-task state.
  private ClientConnection[] dirty = new ClientConnection[8];
  private int dirtyCount;

  /** This reader's batch number; unique over all readers because it starts at cid << 40. */
  private long epoch;

  private boolean batchActivity;
  private int rnd = ThreadLocalRandom.current().nextInt() | 1;

  // The batch of whichever reader last queued bytes here (see markDirty).
  private volatile long mark;

  TaskHandle<?> readerTask;
  TaskHandle<?> writerTask;

  ClientConnection(Engine engine, long cid, StreamSocket socket, Signal writeSignal, long now) {
    this.engine = engine;
    this.cid = cid;
    this.socket = socket;
    this.writeSignal = writeSignal;
    InetSocketAddress remote = socket.remoteAddress();
    this.peer =
        remote == null ? "?" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
    this.outbound = new Outbound(engine.config.maxPending());
    this.parser =
        new ProtocolParser(this, engine.config.maxControlLine(), engine.config.maxPayload());
    this.cache = new SubjectCache(engine.sublist);
    boolean authRequired = engine.auth.required();
    this.authState = new AtomicInteger(authRequired ? AUTH_PENDING : AUTH_DONE);
    this.authDeadline = now + engine.config.authTimeout().toNanos();
    this.nextPingAt = now + engine.pingIntervalNanos;
    this.lastActivity = now;
    this.epoch = cid << 40;
  }

  String clientIp() {
    InetSocketAddress remote = socket.remoteAddress();
    return remote == null ? "" : remote.getAddress().getHostAddress();
  }

  // ------------------------------------------------------------------ reader task

  Void readLoop(Context ctx) {
    byte[] buf = new byte[MIN_READ_BUFFER];
    ByteBuffer bb = ByteBuffer.wrap(buf);
    int limit = 0;
    try {
      while (!outbound.isClosed()) {
        bb.limit(buf.length).position(limit);
        int n = socket.read(ctx, bb);
        if (n < 0) {
          engine.debug(this, "Client Closed");
          terminate();
          return null;
        }
        boolean filled = limit + n == buf.length;
        limit += n;
        int r = parser.parse(buf, limit);
        if (batchActivity) {
          batchActivity = false;
          lastActivity = System.nanoTime();
        }
        if (r != ProtocolParser.OK) {
          fail(r);
          flushDirty(null);
          return null;
        }
        flushDirty(ctx);
        int keep = parser.retainFrom();
        if (keep == limit) {
          parser.shift(keep);
          limit = 0;
          if (buf.length > MAX_READ_BUFFER) {
            buf = new byte[MAX_READ_BUFFER];
            bb = ByteBuffer.wrap(buf);
          } else if (filled && buf.length < MAX_READ_BUFFER) {
            buf = new byte[buf.length * 2];
            bb = ByteBuffer.wrap(buf);
          }
          continue;
        }
        int need = Math.max(parser.bytesNeeded(), limit - keep + 1);
        int free = buf.length - limit;
        if (need > buf.length - keep || free < MIN_READ_BUFFER / 2) {
          int cap = buf.length;
          if (filled && cap < MAX_READ_BUFFER) {
            cap *= 2;
          }
          while (cap < need) {
            cap *= 2;
          }
          byte[] target = cap == buf.length ? buf : new byte[cap];
          System.arraycopy(buf, keep, target, 0, limit - keep);
          if (target != buf) {
            buf = target;
            bb = ByteBuffer.wrap(buf);
          }
          parser.shift(keep);
          limit -= keep;
        }
      }
      return null;
    } catch (SocketClosedException e) {
      terminate();
      return null;
    } catch (TaskCancelledException e) {
      // Shutdown: stop reading, let the writer drain what is pending.
      throw e;
    } catch (IOException e) {
      engine.debug(this, "read error: " + e);
      terminate();
      return null;
    } catch (RuntimeException | Error e) {
      engine.log.log(Level.ERROR, prefix() + "reader failed", e);
      terminate();
      throw e;
    }
  }

  private void fail(int code) {
    switch (code) {
      case ProtocolParser.ERR_UNKNOWN_OP -> closeWithError("Unknown Protocol Operation");
      case ProtocolParser.ERR_MAX_PAYLOAD -> closeWithError("Maximum Payload Violation");
      case ProtocolParser.ERR_CONTROL_LINE -> closeWithError("maximum control line exceeded");
      case ProtocolParser.ERR_AUTH -> closeWithError("Authorization Violation");
      case ProtocolParser.ERR_SILENT -> closeAfterFlush();
      default -> {
        // STOP: the handler already arranged the close.
      }
    }
  }

  @Override
  public boolean awaitingAuth() {
    return authState.get() != AUTH_DONE;
  }

  @Override
  public boolean headersEnabled() {
    return headers;
  }

  @Override
  public int onConnect(byte[] b, int off, int len) {
    if (engine.trace) {
      engine.trace(
          this, "<<- [CONNECT " + redact(new String(b, off, len, StandardCharsets.UTF_8)) + "]");
    }
    // Stop the auth timer first, as nats-server's processConnect does, so a slow bcrypt check
    // cannot race the timeout.
    if (authState.get() == AUTH_TIMED_OUT
        || (authState.get() == AUTH_PENDING
            && !authState.compareAndSet(AUTH_PENDING, AUTH_CHECKING))) {
      return ProtocolParser.STOP;
    }
    long now = System.nanoTime();
    lastActivity = now;
    rttKnown = true;
    nextPingAt = now + engine.firstPingDelayNanos();
    try {
      opts.merge(b, off, len);
    } catch (JsonReader.JsonException e) {
      engine.warn(this, "invalid CONNECT: " + e.getMessage());
      return ProtocolParser.ERR_SILENT;
    }
    echo = opts.echo;
    headers = opts.headers;
    verbose = opts.verbose;
    pedantic = opts.pedantic;
    noResponders = opts.noResponders;
    if (engine.auth.required() && !engine.auth.check(opts)) {
      engine.error(
          this,
          "authentication error" + (opts.user.isEmpty() ? "" : " - User \"" + opts.user + "\""));
      return ProtocolParser.ERR_AUTH;
    }
    if (opts.newAccount || !opts.account.isEmpty()) {
      return ProtocolParser.ERR_AUTH;
    }
    if (opts.protocol < 0 || opts.protocol > 1) {
      closeWithError("invalid client protocol");
      return ProtocolParser.STOP;
    }
    if (opts.noResponders && !opts.headers) {
      closeWithError("no responders requires headers support");
      return ProtocolParser.STOP;
    }
    authState.set(AUTH_DONE);
    if (verbose) {
      sendOwn(OK);
    }
    return ProtocolParser.OK;
  }

  @Override
  public int onInfo(byte[] b, int off, int len) {
    try {
      JsonReader.parse(new String(b, off, len, StandardCharsets.UTF_8));
      return ProtocolParser.OK;
    } catch (JsonReader.JsonException e) {
      return ProtocolParser.ERR_SILENT;
    }
  }

  @Override
  public void onPing() {
    if (engine.trace) {
      engine.trace(this, "<<- [PING]");
    }
    sendOwn(PONG);
    lastClientPing = System.nanoTime();
  }

  @Override
  public void onPong() {
    if (engine.trace) {
      engine.trace(this, "<<- [PONG]");
    }
    pingsOut = 0;
    rttKnown = true;
  }

  @Override
  public void onPubLine(
      byte[] b,
      int subjectOff,
      int subjectLen,
      int replyOff,
      int replyLen,
      int headerLen,
      int size) {
    if (engine.trace) {
      engine.trace(
          this,
          ProtocolTrace.published(b, subjectOff, subjectLen, replyOff, replyLen, headerLen, size));
    }
    if (pedantic && !dev.weft.server.routing.Subjects.isValidLiteral(b, subjectOff, subjectLen)) {
      sendOwn(engine.errLine("Invalid Publish Subject"));
    }
  }

  @Override
  public void onMsg(
      byte[] b,
      int subjectOff,
      int subjectLen,
      int replyOff,
      int replyLen,
      int headerLen,
      int payloadOff,
      int size) {
    batchActivity = true;
    if (engine.trace) {
      engine.trace(this, ProtocolTrace.payload(b, payloadOff, size));
    }
    if (verbose) {
      sendOwn(OK);
    }
    MatchResult r = cache.match(b, subjectOff, subjectLen);
    boolean delivered = false;
    Subscription[] plain = r.plain;
    for (int i = 0; i < plain.length; i++) {
      delivered |=
          deliver(
              plain[i], b, subjectOff, subjectLen, replyOff, replyLen, headerLen, payloadOff, size);
    }
    Subscription[][] queues = r.queues;
    for (int g = 0; g < queues.length; g++) {
      Subscription[] group = queues[g];
      int n = group.length;
      int start = n == 1 ? 0 : nextRandom(n);
      for (int k = 0; k < n; k++) {
        int idx = start + k;
        if (idx >= n) {
          idx -= n;
        }
        if (deliver(
            group[idx],
            b,
            subjectOff,
            subjectLen,
            replyOff,
            replyLen,
            headerLen,
            payloadOff,
            size)) {
          delivered = true;
          break;
        }
      }
    }
    if (!delivered && replyLen > 0 && noResponders) {
      sendNoResponders(b, replyOff, replyLen);
    }
  }

  private boolean deliver(
      Subscription sub,
      byte[] b,
      int subjectOff,
      int subjectLen,
      int replyOff,
      int replyLen,
      int headerLen,
      int payloadOff,
      int size) {
    ClientConnection target = (ClientConnection) sub.owner;
    if (target == this && !echo) {
      return false;
    }
    int res =
        target.outbound.appendMsg(
            sub,
            b,
            subjectOff,
            subjectLen,
            replyOff,
            replyLen,
            headerLen,
            payloadOff,
            size,
            target.headers);
    if (engine.trace && (res == Outbound.DELIVERED || res == Outbound.DELIVERED_LAST)) {
      engine.trace(
          target,
          ProtocolTrace.delivered(
              b,
              subjectOff,
              subjectLen,
              sub.sid,
              replyOff,
              replyLen,
              headerLen,
              size,
              target.headers));
    }
    switch (res) {
      case Outbound.DELIVERED:
        markDirty(target);
        return true;
      case Outbound.DELIVERED_LAST:
        markDirty(target);
        target.dropSubscription(sub);
        return true;
      case Outbound.EXPIRED:
        target.dropSubscription(sub);
        return false;
      case Outbound.SLOW:
        target.slowConsumer(false);
        return false;
      default:
        return false;
    }
  }

  private void sendNoResponders(byte[] b, int replyOff, int replyLen) {
    MatchResult rr = cache.match(b, replyOff, replyLen);
    for (Subscription s : rr.plain) {
      if (s.owner == this) {
        String proto =
            "HMSG "
                + new String(b, replyOff, replyLen, StandardCharsets.ISO_8859_1)
                + " "
                + s.sid
                + " 16 16\r\nNATS/1.0 503\r\n\r\n\r\n";
        // nats-server does not trace this reply, so it skips sendOwn's trace.
        queueOwn(proto.getBytes(StandardCharsets.ISO_8859_1));
        return;
      }
    }
  }

  @Override
  public void onStrayMsg() {
    if (verbose) {
      sendOwn(OK);
    }
  }

  @Override
  public void onSub(
      byte[] b,
      int subjectOff,
      int subjectLen,
      int queueOff,
      int queueLen,
      int sidOff,
      int sidLen) {
    batchActivity = true;
    String subject = new String(b, subjectOff, subjectLen, StandardCharsets.ISO_8859_1);
    String queue =
        queueLen < 0 ? null : new String(b, queueOff, queueLen, StandardCharsets.ISO_8859_1);
    String sid = new String(b, sidOff, sidLen, StandardCharsets.ISO_8859_1);
    if (engine.trace) {
      engine.trace(
          this, "<<- [SUB " + subject + (queue == null ? "" : " " + queue) + " " + sid + "]");
    }
    Subscription sub = new Subscription(this, subject, queue, sid);
    boolean fresh;
    synchronized (subs) {
      fresh = subs.putIfAbsent(sid, sub) == null;
    }
    // A reused sid keeps the first subscription and is otherwise ignored, as in nats-server.
    if (fresh && !engine.sublist.insert(sub)) {
      synchronized (subs) {
        subs.remove(sid, sub);
      }
      sendOwn(engine.errLine("Invalid Subject"));
      return;
    }
    if (fresh && outbound.isClosed()) {
      // Lost a race with close(): make sure the new subscription does not outlive us.
      dropSubscription(sub);
    }
    if (verbose) {
      sendOwn(OK);
    }
  }

  @Override
  public void onUnsub(byte[] b, int sidOff, int sidLen, long max) {
    batchActivity = true;
    String sid = new String(b, sidOff, sidLen, StandardCharsets.ISO_8859_1);
    if (engine.trace) {
      engine.trace(this, "<<- [UNSUB " + sid + (max >= 0 ? " " + max : "") + "]");
    }
    Subscription sub;
    synchronized (subs) {
      sub = subs.get(sid);
    }
    boolean drop = sub != null && outbound.limit(sub, max);
    // +OK before the removal, as nats-server's processUnsub orders them (visible in the trace).
    if (verbose) {
      sendOwn(OK);
    }
    if (drop) {
      dropSubscription(sub);
    }
  }

  @Override
  public void onClientError(byte[] b, int off, int len) {
    engine.error(this, "Client Error " + new String(b, off, len, StandardCharsets.UTF_8));
  }

  /** Removes a subscription from this connection and from the index. Any thread. */
  void dropSubscription(Subscription sub) {
    boolean removed;
    synchronized (subs) {
      removed = subs.remove(sub.sid, sub);
    }
    if (removed && engine.trace) {
      engine.trace(this, ProtocolTrace.removed(sub.sid));
    }
    engine.sublist.remove(sub);
  }

  // ------------------------------------------------------------------ outbound helpers

  /** Queues bytes to this connection from its own reader; the signal is raised at batch end. */
  private void sendOwn(byte[] data) {
    if (engine.trace) {
      engine.trace(this, ProtocolTrace.sent(data));
    }
    queueOwn(data);
  }

  private void queueOwn(byte[] data) {
    int r = outbound.append(data);
    if (r == Outbound.DELIVERED) {
      markDirty(this);
    } else if (r == Outbound.SLOW) {
      slowConsumer(false);
    }
  }

  /** Queues bytes from a thread other than the reader (housekeeping) and wakes the writer. */
  void sendDirect(byte[] data) {
    if (engine.trace) {
      engine.trace(this, ProtocolTrace.sent(data));
    }
    int r = outbound.append(data);
    if (r == Outbound.DELIVERED) {
      writeSignal.raise();
    } else if (r == Outbound.SLOW) {
      slowConsumer(false);
    }
  }

  private void markDirty(ClientConnection target) {
    // A target remembers the batch that last marked it. A batch skips adding a target only
    // when the mark is its own, which it can only be if this batch added it; another reader
    // overwriting the mark just causes a duplicate raise, never a missed one.
    long e = epoch;
    if (target.mark == e) {
      return;
    }
    target.mark = e;
    if (dirtyCount == dirty.length) {
      dirty = java.util.Arrays.copyOf(dirty, dirtyCount * 2);
    }
    dirty[dirtyCount++] = target;
  }

  /**
   * Wakes every writer this batch queued bytes for. Then, if a subscriber is near its max_pending,
   * stalls this publisher briefly (the "stall gate"): a subscriber that reads slower than a
   * publisher writes slows the publisher down instead of being cut, while one that does not read at
   * all costs each publisher at most {@link #STALL_BUDGET_NANOS} per read batch and is cut at
   * max_pending. This is nats-server's current policy (2-10 ms per read); 2.9.10 waited up to 1 s,
   * which starves publishers behind one dead subscriber.
   */
  private void flushDirty(Context ctx) {
    ClientConnection stalled = null;
    for (int i = 0; i < dirtyCount; i++) {
      ClientConnection t = dirty[i];
      t.writeSignal.raise();
      if (t != this && stalled == null && t.outbound.pendingBytes() > engine.stallThreshold) {
        stalled = t;
      }
      dirty[i] = null;
    }
    dirtyCount = 0;
    epoch++;
    if (stalled != null && ctx != null) {
      stall(ctx, stalled);
    }
  }

  private void stall(Context ctx, ClientConnection target) {
    long deadline = System.nanoTime() + STALL_BUDGET_NANOS;
    while (!target.isTerminated()
        && target.outbound.pendingBytes() > engine.stallThreshold
        && System.nanoTime() - deadline < 0) {
      ctx.sleep(STALL_POLL);
    }
  }

  private int nextRandom(int bound) {
    int x = rnd;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    rnd = x;
    return (x >>> 1) % bound;
  }

  // ------------------------------------------------------------------ writer task

  Void writeLoop(Context ctx, byte[] info) {
    try {
      writeStartedAt = System.nanoTime() | 1;
      socket.write(ctx, ByteBuffer.wrap(info));
      writeStartedAt = 0;
      while (true) {
        ctx.waitReadable(writeSignal, Context.FOREVER);
        ByteBuffer[] out;
        while ((out = outbound.take()) != null) {
          writeStartedAt = System.nanoTime() | 1;
          socket.write(ctx, out);
          writeStartedAt = 0;
          outbound.written();
        }
        if (outbound.isClosed()) {
          terminate();
          return null;
        }
      }
    } catch (TaskCancelledException e) {
      terminate();
      throw e;
    } catch (IOException e) {
      if (!(e instanceof SocketClosedException)) {
        engine.debug(this, "write error: " + e);
      }
      terminate();
      return null;
    } catch (RuntimeException | Error e) {
      engine.log.log(Level.ERROR, prefix() + "writer failed", e);
      terminate();
      throw e;
    }
  }

  // ------------------------------------------------------------------ housekeeping

  /** Called periodically by the engine's housekeeping task. */
  void tick(long now) {
    if (terminated.get()) {
      return;
    }
    long ws = writeStartedAt;
    if (ws != 0 && now - ws > engine.writeDeadlineNanos) {
      slowConsumer(true);
      return;
    }
    if (authState.get() == AUTH_PENDING
        && now - authDeadline >= 0
        && authState.compareAndSet(AUTH_PENDING, AUTH_TIMED_OUT)) {
      engine.debug(this, "Authentication Timeout");
      closeWithErrorDirect("Authentication Timeout");
      return;
    }
    if (now - nextPingAt >= 0) {
      pingTimer(now);
    }
  }

  /** nats-server's processPingTimer. */
  private void pingTimer(long now) {
    long interval = engine.pingIntervalNanos;
    nextPingAt = now + interval;
    boolean needRtt = !rttKnown;
    if (!needRtt && now - lastActivity < interval) {
      return;
    }
    if (!needRtt && now - lastClientPing < interval) {
      return;
    }
    if (pingsOut + 1 > engine.config.pingMax()) {
      engine.debug(this, "Stale Client Connection - Closing");
      closeWithErrorDirect("Stale Connection");
      return;
    }
    pingsOut++;
    sendDirect(PING);
  }

  // ------------------------------------------------------------------ closing

  /** Queues {@code -ERR '<text>'} and closes once it is written. Reader task only. */
  private void closeWithError(String text) {
    sendOwn(engine.errLine(text));
    closeAfterFlush();
  }

  private void closeWithErrorDirect(String text) {
    sendDirect(engine.errLine(text));
    closeAfterFlush();
  }

  /** Stops taking input and messages; the writer writes what is pending, then closes. */
  void closeAfterFlush() {
    outbound.close();
    removeAllSubscriptions();
    writeSignal.raise();
  }

  /** Cuts a slow consumer at once, without flushing and without -ERR (as nats-server). */
  void slowConsumer(boolean writeDeadline) {
    if (terminated.get()) {
      return;
    }
    engine.slowConsumers.incrementAndGet();
    if (writeDeadline) {
      engine.warn(
          this,
          "Slow Consumer Detected: WriteDeadline of "
              + engine.config.writeDeadline().toMillis()
              + "ms Exceeded");
    } else {
      engine.warn(
          this,
          "Slow Consumer Detected: MaxPending of " + engine.config.maxPending() + " Exceeded");
    }
    terminate();
  }

  /** Releases everything at once. Idempotent, any thread. */
  void terminate() {
    if (!terminated.compareAndSet(false, true)) {
      return;
    }
    outbound.close();
    socket.close();
    removeAllSubscriptions();
    writeSignal.raise();
    engine.removed(this);
  }

  boolean isTerminated() {
    return terminated.get();
  }

  private void removeAllSubscriptions() {
    List<Subscription> all;
    synchronized (subs) {
      all = new ArrayList<>(subs.values());
      subs.clear();
    }
    for (Subscription s : all) {
      if (engine.trace) {
        engine.trace(this, ProtocolTrace.removed(s.sid));
      }
      outbound.closeSubscription(s);
      engine.sublist.remove(s);
    }
  }

  String prefix() {
    return peer + " - cid:" + cid + " - ";
  }

  private static String redact(String connect) {
    return connect
        .replaceAll("(\"pass\"\\s*:\\s*\")[^\"]*\"", "$1[REDACTED]\"")
        .replaceAll("(\"auth_token\"\\s*:\\s*\")[^\"]*\"", "$1[REDACTED]\"");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
