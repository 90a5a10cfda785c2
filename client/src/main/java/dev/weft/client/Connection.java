package dev.weft.client;

import dev.weft.client.protocol.Json;
import dev.weft.client.protocol.Nuid;
import dev.weft.client.protocol.ProtocolException;
import dev.weft.client.protocol.ProtocolParser;
import dev.weft.client.protocol.ServerInfo;
import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Backends;
import dev.weft.spi.Context;
import dev.weft.spi.Signal;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection to a NATS server, written only against the Weft SPI. Create one with {@link
 * #connect(Options)}; it is thread-safe and usable from plain threads and from tasks.
 *
 * <p>How it runs: one connection task connects, handshakes and then reads (parsing whole reads at a
 * time); a writer task per live socket drains an outbound buffer into which every publish, SUB and
 * UNSUB is appended, so many messages leave in one socket write; each handler subscription has its
 * own dispatcher task. When the socket is lost the connection task reconnects with backoff,
 * restores the subscriptions and sends what was published meanwhile.
 */
public final class Connection implements AutoCloseable {
  /** Where the connection is in its life. */
  public enum Status {
    CONNECTING,
    CONNECTED,
    RECONNECTING,
    CLOSED
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int WRITE_BATCH = 64 * 1024;
  private static final String VERSION = "0.1.0";

  /**
   * Marks threads running this client's own tasks, where blocking for buffer space would deadlock.
   */
  private static final ThreadLocal<Connection> OWN_TASK = new ThreadLocal<>();

  private final Options options;
  private final AsyncRuntime runtime;
  private final boolean ownsRuntime;
  private final ErrorListener errors;
  private final ConnectionListener listener;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stateChanged = lock.newCondition();
  private final Condition spaceAvailable = lock.newCondition();
  // Guarded by lock.
  private Status status = Status.CONNECTING;
  private byte[] out = new byte[WRITE_BATCH];
  private int outLen;
  private int pingsRequested;
  private int pongsRequested;
  private final ArrayDeque<CompletableFuture<Void>> pongWaiters = new ArrayDeque<>();
  private boolean writerIdle;
  private Signal writerSignal;
  private StreamSocket socket;
  private ServerAddress currentServer;

  private volatile ServerInfo info;

  /** The last subject published and its checked bytes: publishers tend to repeat one subject. */
  private volatile SubjectBytes lastSubject;

  private record SubjectBytes(String subject, byte[] bytes) {}

  private volatile boolean closing;
  private final java.util.concurrent.atomic.AtomicBoolean closeStarted =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final Map<Long, Subscription> subs = new ConcurrentHashMap<>();
  private final AtomicLong nextSid = new AtomicLong();
  private final Nuid nuid = new Nuid();
  private final String inboxPrefix;
  private final AtomicLong nextToken = new AtomicLong();
  private final Map<String, PendingRequest> responses = new ConcurrentHashMap<>();

  /** A request waiting for its reply; the subject is kept for the no-responders error. */
  private record PendingRequest(String subject, CompletableFuture<Message> future) {}

  private volatile Subscription inbox;
  private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private TaskHandle<Void> connectionTask;
  private volatile String fatalError;
  private final AtomicLong reconnects = new AtomicLong();

  private Connection(Options options, AsyncRuntime runtime, boolean ownsRuntime) {
    this.options = options;
    this.runtime = runtime;
    this.ownsRuntime = ownsRuntime;
    this.errors = options.errorListener();
    this.listener = options.connectionListener();
    this.inboxPrefix = "_INBOX." + nuid.next();
  }

  /**
   * Connects and returns once the handshake with one of the servers is done (INFO, CONNECT,
   * PING/PONG), trying each server once in order.
   *
   * @throws AuthorizationException when the server refused the credentials
   * @throws IOException when no server could be reached
   */
  public static Connection connect(Options options) throws IOException, InterruptedException {
    AsyncRuntime rt = options.runtime();
    boolean owns = false;
    if (rt == null) {
      Backend backend = options.backend() != null ? options.backend() : Backends.bind();
      rt = backend.open(options.runtimeOptions());
      owns = true;
    }
    Connection c = new Connection(options, rt, owns);
    try {
      c.start();
    } catch (IOException | InterruptedException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** Connects to one URL with default options. */
  public static Connection connect(String url) throws IOException, InterruptedException {
    return connect(Options.of(url));
  }

  private void start() throws IOException, InterruptedException {
    connectionTask = runtime.spawn("weft-client-connection", this::run);
    try {
      firstConnect.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(cause);
    }
  }

  // ------------------------------------------------------------------ public API

  public Options options() {
    return options;
  }

  /** The runtime the client's tasks run on. */
  public AsyncRuntime runtime() {
    return runtime;
  }

  public Status status() {
    lock.lock();
    try {
      return status;
    } finally {
      lock.unlock();
    }
  }

  /** The INFO of the server last connected to. */
  public ServerInfo serverInfo() {
    return info;
  }

  /** The server currently (or last) connected to. */
  public ServerAddress currentServer() {
    lock.lock();
    try {
      return currentServer;
    } finally {
      lock.unlock();
    }
  }

  /** Largest payload the server accepts (headers included), 0 if it did not say. */
  public long maxPayload() {
    ServerInfo i = info;
    return i == null ? 0 : i.maxPayload();
  }

  /** Successful reconnects so far. */
  public long reconnects() {
    return reconnects.get();
  }

  public void publish(String subject, byte[] data) {
    publish(subject, null, null, data);
  }

  public void publish(String subject, String replyTo, byte[] data) {
    publish(subject, replyTo, null, data);
  }

  public void publish(String subject, Headers headers, byte[] data) {
    publish(subject, null, headers, data);
  }

  /**
   * Publishes a message. It is appended to the outbound buffer and written by the writer task
   * together with others; {@link #flush} tells when it reached the server. While reconnecting it is
   * kept (up to {@link Options#reconnectBufferBytes()}) and sent after the reconnect, in order.
   *
   * @param replyTo null for none
   * @param headers null for none (PUB); otherwise HPUB
   * @throws IllegalArgumentException when the message is larger than the server's max_payload, or a
   *     subject is malformed
   * @throws ClientException when closed, or the reconnect buffer is full
   */
  public void publish(String subject, String replyTo, Headers headers, byte[] data) {
    SubjectBytes cached = lastSubject;
    byte[] subj;
    if (cached != null && cached.subject() == subject) {
      subj = cached.bytes();
    } else {
      checkSubject(subject, "subject");
      subj = subject.getBytes(StandardCharsets.UTF_8);
      lastSubject = new SubjectBytes(subject, subj);
    }
    if (replyTo != null) {
      checkSubject(replyTo, "reply subject");
    }
    if (data == null) {
      data = new byte[0];
    }
    byte[] hdr = headers == null ? null : headers.toWire();
    int hdrLen = hdr == null ? 0 : hdr.length;
    long total = (long) hdrLen + data.length;
    ServerInfo si = info;
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
    int need = 6 + subj.length + 1 + (reply == null ? 0 : reply.length + 1) + 24 + (int) total + 4;
    boolean wake;
    lock.lock();
    try {
      awaitSpace(need);
      ensureOut(need);
      byte[] b = out;
      int p = outLen;
      if (hdr == null) {
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
      System.arraycopy(subj, 0, b, p, subj.length);
      p += subj.length;
      b[p++] = ' ';
      if (reply != null) {
        System.arraycopy(reply, 0, b, p, reply.length);
        p += reply.length;
        b[p++] = ' ';
      }
      if (hdr != null) {
        p = writeNumber(b, p, hdrLen);
        b[p++] = ' ';
      }
      p = writeNumber(b, p, total);
      b[p++] = '\r';
      b[p++] = '\n';
      if (hdr != null) {
        System.arraycopy(hdr, 0, b, p, hdrLen);
        p += hdrLen;
      }
      System.arraycopy(data, 0, b, p, data.length);
      p += data.length;
      b[p++] = '\r';
      b[p++] = '\n';
      outLen = p;
      wake = takeWake();
    } finally {
      lock.unlock();
    }
    if (wake) {
      wakeWriter();
    }
  }

  /** A blocking subscription, read with {@link Subscription#next}. */
  public Subscription subscribe(String subject) {
    return subscribe(subject, null, null);
  }

  /** A blocking queue-group subscription: each message goes to one member of the group. */
  public Subscription subscribe(String subject, String queueGroup) {
    return subscribe(subject, queueGroup, null);
  }

  /** A handler subscription; the handler runs on the subscription's own dispatcher task. */
  public Subscription subscribe(String subject, MessageHandler handler) {
    return subscribe(subject, null, handler);
  }

  /**
   * Subscribes. With a handler, messages go to it on a dispatcher task of this subscription;
   * without, they wait for {@link Subscription#next}.
   *
   * @param queueGroup null for a plain subscription
   * @param handler null for a blocking subscription
   */
  public Subscription subscribe(String subject, String queueGroup, MessageHandler handler) {
    checkSubject(subject, "subject");
    if (queueGroup != null) {
      checkSubject(queueGroup, "queue group");
    }
    return addSubscription(subject, queueGroup, handler, false);
  }

  private Subscription addSubscription(
      String subject, String queueGroup, MessageHandler handler, boolean isInbox) {
    long sid = nextSid.incrementAndGet();
    Subscription sub =
        new Subscription(
            this,
            sid,
            subject,
            queueGroup,
            handler,
            isInbox,
            runtime.newSignal(),
            isInbox ? Options.UNLIMITED : options.pendingMessagesLimit(),
            isInbox ? Options.UNLIMITED : options.pendingBytesLimit());
    if (handler != null) {
      sub.dispatcher(
          runtime.spawn(
              "weft-client-dispatch-" + subject,
              ctx -> {
                OWN_TASK.set(this);
                try {
                  return sub.dispatch(ctx);
                } finally {
                  OWN_TASK.remove();
                }
              }));
    }
    boolean wake = false;
    lock.lock();
    try {
      if (status == Status.CLOSED || closing) {
        sub.close(true);
        cancelDispatcher(sub);
        throw new ClientException("connection is closed");
      }
      subs.put(sid, sub);
      if (status == Status.CONNECTED) {
        byte[] line = subLine(sub, 0);
        ensureOut(line.length);
        System.arraycopy(line, 0, out, outLen, line.length);
        outLen += line.length;
        wake = takeWake();
      }
    } finally {
      lock.unlock();
    }
    if (wake) {
      wakeWriter();
    }
    return sub;
  }

  void unsubscribe(Subscription sub, long max) {
    boolean now = max <= 0 || sub.setMax(max);
    boolean wake = false;
    lock.lock();
    try {
      if (now) {
        if (subs.remove(sub.sid()) == null) {
          return;
        }
      }
      if (status == Status.CONNECTED) {
        byte[] line =
            ("UNSUB " + sub.sid() + (now ? "" : " " + max) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ensureOut(line.length);
        System.arraycopy(line, 0, out, outLen, line.length);
        outLen += line.length;
        wake = takeWake();
      }
    } finally {
      lock.unlock();
    }
    if (now) {
      sub.close(true);
    }
    if (wake) {
      wakeWriter();
    }
  }

  /**
   * Sends a request and waits for the first reply, from a plain thread. All requests share one
   * wildcard inbox subscription ({@code _INBOX.<nuid>.*}); each has its own token.
   *
   * @throws NoRespondersException when nothing subscribes to {@code subject}
   * @throws ClientTimeoutException when no reply came within {@code timeout}
   */
  public Message request(String subject, byte[] data, Duration timeout)
      throws InterruptedException {
    return request(subject, null, data, timeout);
  }

  public Message request(String subject, Headers headers, byte[] data, Duration timeout)
      throws InterruptedException {
    CompletableFuture<Message> f = requestAsync(subject, headers, data);
    try {
      return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(false);
      throw new ClientTimeoutException(
          "no reply to request on '" + subject + "' within " + timeout);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  /**
   * {@link #request(String, byte[], Duration)} for a task: it suspends the task instead of blocking
   * a thread.
   */
  public Message request(
      Context ctx, String subject, Headers headers, byte[] data, Duration timeout) {
    CompletableFuture<Message> f = requestAsync(subject, headers, data);
    if (!awaitInTask(ctx, f, timeout)) {
      f.cancel(false);
      throw new ClientTimeoutException(
          "no reply to request on '" + subject + "' within " + timeout);
    }
    try {
      return f.getNow(null);
    } catch (java.util.concurrent.CompletionException e) {
      throw unwrap(e.getCause());
    }
  }

  /**
   * Sends a request; the future completes with the reply, or exceptionally with {@link
   * NoRespondersException}. Cancelling the future forgets the request.
   */
  public CompletableFuture<Message> requestAsync(String subject, Headers headers, byte[] data) {
    ensureInbox();
    String token = Long.toString(nextToken.incrementAndGet(), 36);
    CompletableFuture<Message> f = new CompletableFuture<>();
    responses.put(token, new PendingRequest(subject, f));
    f.whenComplete((m, e) -> responses.remove(token));
    try {
      publish(subject, inboxPrefix + "." + token, headers, data);
    } catch (RuntimeException e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  /**
   * Waits until the server has processed everything published before: a PING/PONG round trip. While
   * reconnecting it waits for the reconnect first, within the same timeout.
   *
   * @throws ClientTimeoutException when no PONG came in time
   * @throws ClientException when the connection was lost or closed meanwhile
   */
  public void flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<Void> f = requestPing(deadline);
    try {
      f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new ClientTimeoutException("no PONG within " + timeout);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  /** {@link #flush(Duration)} for a task. */
  public void flush(Context ctx, Duration timeout) {
    CompletableFuture<Void> f;
    try {
      f = requestPing(System.nanoTime());
    } catch (InterruptedException e) {
      throw new ClientException("interrupted", e);
    }
    if (!awaitInTask(ctx, f, timeout)) {
      throw new ClientTimeoutException("no PONG within " + timeout);
    }
    try {
      f.getNow(null);
    } catch (java.util.concurrent.CompletionException e) {
      throw unwrap(e.getCause());
    }
  }

  /**
   * Drains, then closes: unsubscribes everything, lets the messages already on their way arrive (a
   * PING/PONG round trip proves the server sent them), delivers every buffered message to handlers
   * and {@code next()} callers, flushes publishes, and closes.
   *
   * @return true when everything was delivered within {@code timeout}
   */
  public boolean drain(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Subscription> all = new ArrayList<>(subs.values());
    boolean wake = false;
    lock.lock();
    try {
      for (Subscription s : all) {
        if (s.isInbox()) {
          continue;
        }
        // Stays in the table until the PONG: messages the server sent before the UNSUB
        // are still on their way and must be delivered.
        if (status == Status.CONNECTED) {
          byte[] line = ("UNSUB " + s.sid() + "\r\n").getBytes(StandardCharsets.US_ASCII);
          ensureOut(line.length);
          System.arraycopy(line, 0, out, outLen, line.length);
          outLen += line.length;
          wake |= takeWake();
        }
      }
    } finally {
      lock.unlock();
    }
    if (wake) {
      wakeWriter();
    }
    boolean ok = true;
    try {
      flush(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    } catch (ClientException e) {
      ok = false;
    }
    for (Subscription s : all) {
      if (!s.isInbox()) {
        subs.remove(s.sid());
        s.close(false);
        ok &= s.awaitFinished(deadline);
      }
    }
    close();
    return ok;
  }

  /**
   * Closes the connection: publishes already made are flushed (briefly), subscriptions end, pending
   * requests fail, CLOSED is reported, and a runtime the client opened is closed. Idempotent; a
   * later call returns at once.
   */
  @Override
  public void close() {
    if (!closeStarted.compareAndSet(false, true)) {
      return;
    }
    if (status() == Status.CONNECTED && OWN_TASK.get() != this) {
      try {
        flush(options.connectTimeout());
      } catch (RuntimeException | InterruptedException e) {
        // Closing anyway: a flush that cannot finish must not keep the connection open.
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
    }
    closing = true;
    TaskHandle<Void> task = connectionTask;
    StreamSocket s;
    lock.lock();
    try {
      s = socket;
    } finally {
      lock.unlock();
    }
    if (s != null) {
      s.close();
    }
    if (task != null) {
      task.cancel();
      if (OWN_TASK.get() != this) {
        try {
          task.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (WaitTimeoutException e) {
          // Shutting down the runtime below ends it anyway.
        }
      }
    }
    finishClose();
    if (ownsRuntime) {
      if (OWN_TASK.get() == this) {
        // A runtime cannot wait for the very task that closes it; let a plain thread do it.
        Thread.ofPlatform().name("weft-client-close").daemon(true).start(runtime::close);
      } else {
        runtime.close();
      }
    }
  }

  /** Waits (plain thread) until the connection is closed. */
  public boolean awaitClosed(Duration timeout) throws InterruptedException {
    try {
      closed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  // ------------------------------------------------------------------ connection task

  private Void run(Context ctx) {
    OWN_TASK.set(this);
    List<ServerAddress> servers = options.servers();
    int next = 0;
    int failures = 0;
    boolean everConnected = false;
    try {
      while (!closing) {
        ServerAddress server = servers.get(next % servers.size());
        next++;
        StreamSocket s = null;
        try {
          s = runtime.connect(ctx, server.socketAddress(), options.connectTimeout());
          ProtocolParser parser = new ProtocolParser();
          handshake(ctx, s, server, parser);
          Signal sig = runtime.newSignal();
          if (!becomeConnected(ctx, s, server, sig, everConnected)) {
            s.close();
            break;
          }
          failures = 0;
          if (everConnected) {
            reconnects.incrementAndGet();
          }
          emit(everConnected ? ConnectionEvent.RECONNECTED : ConnectionEvent.CONNECTED, server);
          everConnected = true;
          firstConnect.complete(null);
          StreamSocket live = s;
          TaskHandle<Void> writer =
              runtime.spawn("weft-client-writer", wctx -> writeLoop(wctx, live, sig));
          try {
            readLoop(ctx, s, parser);
          } catch (TaskCancelledException e) {
            throw e;
          } catch (IOException | RuntimeException e) {
            if (!closing) {
              errors.exceptionOccurred(this, e);
            }
          } finally {
            s.close();
            writer.cancel();
            joinQuietly(writer);
            becomeDisconnected();
          }
          emit(ConnectionEvent.DISCONNECTED, server);
          if (closing || options.maxReconnects() == 0) {
            break;
          }
          // A dropped connection is retried at once; backoff applies to failed attempts.
          continue;
        } catch (TaskCancelledException e) {
          if (s != null) {
            s.close();
          }
          throw e;
        } catch (IOException | RuntimeException e) {
          if (s != null) {
            s.close();
          }
          if (closing) {
            break;
          }
          if (!everConnected && !options.retryOnFailedConnect()) {
            if (next >= servers.size() || e instanceof AuthorizationException) {
              firstConnect.completeExceptionally(e);
              break;
            }
            continue;
          }
          errors.exceptionOccurred(this, e);
          failures++;
          if (options.maxReconnects() >= 0 && failures > options.maxReconnects()) {
            break;
          }
        }
        ctx.sleep(backoff(failures));
      }
    } catch (TaskCancelledException e) {
      // close() cancels this task; the finally below ends the connection.
    } finally {
      firstConnect.completeExceptionally(new IOException("connection closed before it was made"));
      if (!closing) {
        // Reconnects ran out (or the first connect failed): the connection ends by itself.
        closing = true;
        finishClose();
        if (ownsRuntime && everConnected) {
          Thread.ofPlatform().name("weft-client-close").daemon(true).start(runtime::close);
        }
      }
      OWN_TASK.remove();
    }
    return null;
  }

  private Duration backoff(int failures) {
    long base = options.reconnectWait().toNanos();
    long max = options.maxReconnectWait().toNanos();
    long wait = base;
    for (int i = 1; i < failures && wait < max; i++) {
      wait *= 2;
    }
    wait = Math.min(wait, max);
    long jitter = options.reconnectJitter().toNanos();
    if (jitter > 0) {
      wait += ThreadLocalRandom.current().nextLong(jitter + 1);
    }
    return Duration.ofNanos(wait);
  }

  private void handshake(Context ctx, StreamSocket s, ServerAddress server, ProtocolParser parser)
      throws IOException {
    long deadline = System.nanoTime() + options.connectTimeout().toNanos();
    Handshake hs = new Handshake();
    while (hs.info == null) {
      readSome(ctx, s, parser, deadline);
      parser.parse(hs);
      if (hs.error != null) {
        throw hs.failure();
      }
    }
    ServerInfo si = ServerInfo.parse(hs.info);
    info = si;
    String connect = "CONNECT " + connectJson(server, si) + "\r\nPING\r\n";
    s.write(ctx, ByteBuffer.wrap(connect.getBytes(StandardCharsets.UTF_8)));
    while (!hs.pong) {
      if (hs.pingsToAnswer > 0) {
        s.write(ctx, ByteBuffer.wrap(PONG));
        hs.pingsToAnswer--;
      }
      if (hs.pong) {
        break;
      }
      readSome(ctx, s, parser, deadline);
      parser.parse(hs);
      if (hs.error != null) {
        throw hs.failure();
      }
      if (hs.latestInfo != null) {
        info = ServerInfo.parse(hs.latestInfo);
      }
    }
    for (int i = 0; i < hs.pingsToAnswer; i++) {
      s.write(ctx, ByteBuffer.wrap(PONG));
    }
  }

  private static void readSome(Context ctx, StreamSocket s, ProtocolParser parser, long deadline)
      throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("handshake timed out");
    }
    try {
      ctx.waitReadable(s, Duration.ofNanos(left));
    } catch (WaitTimeoutException e) {
      throw new SocketTimeoutException("handshake timed out");
    }
    int n = s.read(ctx, parser.readBuffer());
    if (n < 0) {
      throw new EOFException("server closed the connection during the handshake");
    }
    parser.commit(n);
  }

  /**
   * Collects the handshake's INFO and PONG; stops parsing at the PONG so later bytes stay buffered.
   */
  private static final class Handshake implements ProtocolParser.Handler {
    String info;
    String latestInfo;
    boolean pong;
    int pingsToAnswer;
    String error;

    @Override
    public void onMsg(String subject, long sid, String replyTo, byte[] headers, byte[] payload) {
      // No subscription exists on a fresh connection; nothing can arrive.
    }

    @Override
    public void onPing() {
      pingsToAnswer++;
    }

    @Override
    public void onPong() {
      pong = true;
    }

    @Override
    public void onOk() {}

    @Override
    public void onErr(String text) {
      if (error == null) {
        error = text;
      }
    }

    @Override
    public void onInfo(String json) {
      if (info == null) {
        info = json;
      } else {
        latestInfo = json;
      }
    }

    IOException failure() {
      return isAuthError(error)
          ? new AuthorizationException(error)
          : new IOException("server refused the connection: " + error);
    }
  }

  private String connectJson(ServerAddress server, ServerInfo si) {
    StringBuilder sb = new StringBuilder(200);
    sb.append("{\"verbose\":false,\"pedantic\":false,\"tls_required\":false");
    if (options.name() != null) {
      sb.append(",\"name\":");
      Json.quote(sb, options.name());
    }
    sb.append(",\"lang\":\"java-weft\",\"version\":\"").append(VERSION).append('"');
    sb.append(",\"protocol\":1,\"echo\":").append(options.echo());
    sb.append(",\"headers\":true,\"no_responders\":true");
    String user =
        server.user() != null ? server.user() : server.token() != null ? null : options.user();
    String pass =
        server.user() != null
            ? server.password()
            : server.token() != null ? null : options.password();
    String token =
        server.token() != null ? server.token() : server.user() != null ? null : options.token();
    if (user != null) {
      sb.append(",\"user\":");
      Json.quote(sb, user);
      sb.append(",\"pass\":");
      Json.quote(sb, pass == null ? "" : pass);
    }
    if (token != null) {
      sb.append(",\"auth_token\":");
      Json.quote(sb, token);
    }
    return sb.append('}').toString();
  }

  /** Publishes the new socket and restores subscriptions before the writer starts. */
  private boolean becomeConnected(
      Context ctx, StreamSocket s, ServerAddress server, Signal sig, boolean reconnect)
      throws IOException {
    byte[] resub;
    lock.lock();
    try {
      if (closing) {
        return false;
      }
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      for (Subscription sub : subs.values()) {
        long remaining = sub.remainingForResubscribe();
        b.writeBytes(subLine(sub, remaining));
      }
      resub = b.toByteArray();
      socket = s;
      currentServer = server;
      writerSignal = sig;
      writerIdle = false;
      status = Status.CONNECTED;
      stateChanged.signalAll();
    } finally {
      lock.unlock();
    }
    if (resub.length > 0) {
      // Written by the connection task itself: the writer, which will send what was
      // buffered meanwhile, has not started yet, so the subscriptions come first.
      s.write(ctx, ByteBuffer.wrap(resub));
    }
    return true;
  }

  private void becomeDisconnected() {
    List<CompletableFuture<Void>> failed = new ArrayList<>();
    lock.lock();
    try {
      socket = null;
      writerSignal = null;
      writerIdle = false;
      pongsRequested = 0;
      int sent = pongWaiters.size() - pingsRequested;
      for (int i = 0; i < sent; i++) {
        failed.add(pongWaiters.poll());
      }
      if (status != Status.CLOSED) {
        status = Status.RECONNECTING;
      }
      stateChanged.signalAll();
      spaceAvailable.signalAll();
    } finally {
      lock.unlock();
    }
    ClientException lost =
        new ClientException("connection lost before the server answered the PING");
    failed.forEach(f -> f.completeExceptionally(lost));
  }

  private void finishClose() {
    List<CompletableFuture<Void>> pongs;
    lock.lock();
    try {
      if (status == Status.CLOSED) {
        return;
      }
      status = Status.CLOSED;
      pongs = new ArrayList<>(pongWaiters);
      pongWaiters.clear();
      pingsRequested = 0;
      outLen = 0;
      stateChanged.signalAll();
      spaceAvailable.signalAll();
    } finally {
      lock.unlock();
    }
    ClientException closedEx = new ClientException("connection is closed");
    pongs.forEach(f -> f.completeExceptionally(closedEx));
    responses.values().forEach(p -> p.future().completeExceptionally(closedEx));
    for (Subscription sub : subs.values()) {
      sub.close(true);
    }
    subs.clear();
    firstConnect.completeExceptionally(new IOException("connection closed"));
    emit(ConnectionEvent.CLOSED, currentServer());
    closed.complete(null);
  }

  private void readLoop(Context ctx, StreamSocket s, ProtocolParser parser) throws IOException {
    Reader handler = new Reader();
    parseAll(parser, handler);
    while (true) {
      int n = s.read(ctx, parser.readBuffer());
      if (n < 0) {
        throw new EOFException("server closed the connection");
      }
      parser.commit(n);
      parseAll(parser, handler);
    }
  }

  private static void parseAll(ProtocolParser parser, Reader handler) throws IOException {
    try {
      parser.parse(handler);
    } finally {
      handler.deliverBatch();
    }
    handler.check();
  }

  /** The reader's reactions to what the server sends once connected. */
  private final class Reader implements ProtocolParser.Handler {
    private String fatal;

    /**
     * Consecutive messages of one subscription from the current read, queued together: a read of
     * many small messages then costs one lock and at most one wake-up per subscription.
     */
    private Subscription batchSub;

    private long lastSid = -1;
    private Subscription lastSub;
    private final List<Message> batch = new ArrayList<>();

    void deliverBatch() {
      Subscription sub = batchSub;
      if (sub == null) {
        return;
      }
      batchSub = null;
      try {
        if (sub.deliver(batch)) {
          subs.remove(sub.sid());
        }
      } finally {
        batch.clear();
      }
    }

    @Override
    public void onMsg(String subject, long sid, String replyTo, byte[] headers, byte[] payload) {
      // Sids are never reused and a subscription taken out of the table is closed (so it
      // ignores deliveries): remembering the last one is safe and spares a map lookup.
      Subscription sub = sid == lastSid ? lastSub : subs.get(sid);
      if (sub == null) {
        return;
      }
      lastSid = sid;
      lastSub = sub;
      Headers h = null;
      if (headers != null) {
        try {
          h = Headers.fromWire(headers);
        } catch (IllegalArgumentException e) {
          errors.exceptionOccurred(
              Connection.this, new ProtocolException("bad header block: " + e.getMessage()));
          return;
        }
      }
      if (sub.isInbox()) {
        deliverResponse(new Message(subject, replyTo, h, payload, null));
        return;
      }
      if (sub != batchSub) {
        deliverBatch();
        batchSub = sub;
      }
      batch.add(new Message(subject, replyTo, h, payload, sub));
    }

    @Override
    public void onPing() {
      boolean wake;
      lock.lock();
      try {
        pongsRequested++;
        wake = takeWake();
      } finally {
        lock.unlock();
      }
      if (wake) {
        wakeWriter();
      }
    }

    @Override
    public void onPong() {
      // A flush must find every message the server sent before this PONG already queued.
      deliverBatch();
      CompletableFuture<Void> f;
      lock.lock();
      try {
        f = pongWaiters.poll();
      } finally {
        lock.unlock();
      }
      if (f != null) {
        f.complete(null);
      }
    }

    @Override
    public void onOk() {}

    @Override
    public void onErr(String text) {
      errors.serverError(Connection.this, text);
      if (isFatal(text)) {
        fatal = text;
      }
    }

    @Override
    public void onInfo(String json) {
      try {
        info = ServerInfo.parse(json);
      } catch (IllegalArgumentException e) {
        errors.exceptionOccurred(
            Connection.this, new ProtocolException("bad INFO: " + e.getMessage()));
      }
    }

    void check() throws IOException {
      if (fatal != null) {
        String f = fatal;
        fatal = null;
        fatalError = f;
        throw isAuthError(f)
            ? new AuthorizationException(f)
            : new IOException("server error: " + f);
      }
    }
  }

  private void deliverResponse(Message m) {
    String subject = m.subject();
    int dot = subject.lastIndexOf('.');
    String token = dot < 0 ? subject : subject.substring(dot + 1);
    PendingRequest p = responses.remove(token);
    if (p == null) {
      return;
    }
    if (m.isStatus() && m.headers().status() == 503) {
      p.future().completeExceptionally(new NoRespondersException(p.subject()));
    } else {
      p.future().complete(m);
    }
  }

  // ------------------------------------------------------------------ writer task

  private Void writeLoop(Context ctx, StreamSocket s, Signal sig) {
    OWN_TASK.set(this);
    byte[] mine = new byte[WRITE_BATCH];
    long pingEvery = options.pingInterval().toNanos();
    long nextPing = System.nanoTime() + pingEvery;
    try {
      while (true) {
        int len;
        int pings;
        int pongs;
        lock.lock();
        try {
          len = outLen;
          pings = pingsRequested;
          pongs = pongsRequested;
          if (len == 0 && pings == 0 && pongs == 0) {
            writerIdle = true;
          } else {
            byte[] full = out;
            out = mine.length >= WRITE_BATCH ? mine : new byte[WRITE_BATCH];
            mine = full;
            outLen = 0;
            pingsRequested = 0;
            pongsRequested = 0;
            writerIdle = false;
            spaceAvailable.signalAll();
          }
        } finally {
          lock.unlock();
        }
        long now = System.nanoTime();
        if (len == 0 && pings == 0 && pongs == 0) {
          long wait = nextPing - now;
          if (wait > 0) {
            try {
              ctx.waitReadable(sig, Duration.ofNanos(wait));
            } catch (WaitTimeoutException e) {
              // Time for a keepalive PING, checked below.
            }
          }
        } else {
          ByteBuffer[] bufs = new ByteBuffer[1 + pings + pongs];
          int i = 0;
          bufs[i++] = ByteBuffer.wrap(mine, 0, len);
          for (int k = 0; k < pings; k++) {
            bufs[i++] = ByteBuffer.wrap(PING);
          }
          for (int k = 0; k < pongs; k++) {
            bufs[i++] = ByteBuffer.wrap(PONG);
          }
          s.write(ctx, bufs);
          if (mine.length > 4 * WRITE_BATCH) {
            // Do not keep a buffer that one burst grew.
            mine = new byte[WRITE_BATCH];
          }
        }
        if (System.nanoTime() - nextPing >= 0) {
          nextPing = System.nanoTime() + pingEvery;
          keepalive();
        }
      }
    } catch (TaskCancelledException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      if (!closing) {
        errors.exceptionOccurred(this, e);
      }
      // Closing the socket wakes the reader, which then runs the reconnect.
      s.close();
      return null;
    } finally {
      OWN_TASK.remove();
    }
  }

  private void keepalive() throws IOException {
    lock.lock();
    try {
      int outstanding = pongWaiters.size() - pingsRequested;
      if (outstanding >= options.maxPingsOut()) {
        throw new IOException("stale connection: " + outstanding + " PINGs unanswered");
      }
      pongWaiters.add(new CompletableFuture<>());
      pingsRequested++;
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ helpers

  private CompletableFuture<Void> requestPing(long deadline) throws InterruptedException {
    CompletableFuture<Void> f = new CompletableFuture<>();
    boolean wake;
    lock.lock();
    try {
      while (status != Status.CONNECTED) {
        if (status == Status.CLOSED || closing) {
          throw new ClientException("connection is closed");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          // Queue it anyway: it goes out as soon as the connection is back.
          break;
        }
        stateChanged.awaitNanos(left);
      }
      pongWaiters.add(f);
      pingsRequested++;
      wake = takeWake();
    } finally {
      lock.unlock();
    }
    if (wake) {
      wakeWriter();
    }
    return f;
  }

  private void ensureInbox() {
    if (inbox != null) {
      return;
    }
    lock.lock();
    try {
      if (inbox == null) {
        inbox = addSubscription(inboxPrefix + ".*", null, null, true);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits for space in the outbound buffer (plain threads only); caller holds the lock. */
  private void awaitSpace(int need) {
    while (true) {
      if (status == Status.CLOSED || closing) {
        throw new ClientException("connection is closed");
      }
      if (status != Status.CONNECTED) {
        if ((long) outLen + need > options.reconnectBufferBytes()) {
          throw new ClientException(
              "reconnect buffer full ("
                  + options.reconnectBufferBytes()
                  + " bytes): publish refused while disconnected");
        }
        return;
      }
      if (outLen == 0
          || (long) outLen + need <= options.maxOutboundBytes()
          || OWN_TASK.get() != null) {
        return;
      }
      spaceAvailable.awaitUninterruptibly();
    }
  }

  private void ensureOut(int need) {
    if (out.length - outLen < need) {
      int cap = out.length;
      while (cap - outLen < need) {
        cap *= 2;
      }
      out = Arrays.copyOf(out, cap);
    }
  }

  /** Caller holds the lock: true when the writer is parked and must be raised. */
  private boolean takeWake() {
    if (writerIdle && status == Status.CONNECTED) {
      writerIdle = false;
      return true;
    }
    return false;
  }

  private void wakeWriter() {
    Signal sig;
    lock.lock();
    try {
      sig = writerSignal;
    } finally {
      lock.unlock();
    }
    if (sig != null) {
      sig.raise();
    }
  }

  private static byte[] subLine(Subscription sub, long max) {
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

  private static int writeNumber(byte[] b, int p, long v) {
    int digits =
        v < 10
            ? 1
            : v < 100
                ? 2
                : v < 1000
                    ? 3
                    : v < 10_000
                        ? 4
                        : v < 100_000
                            ? 5
                            : v < 1_000_000
                                ? 6
                                : v < 10_000_000
                                    ? 7
                                    : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
    int end = p + digits;
    for (int i = end - 1; i >= p; i--) {
      b[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return end;
  }

  private static void checkSubject(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        throw new IllegalArgumentException(what + " '" + s + "' contains whitespace");
      }
    }
  }

  private boolean awaitInTask(Context ctx, CompletableFuture<?> f, Duration timeout) {
    if (f.isDone()) {
      return true;
    }
    Signal sig = ctx.runtime().newSignal();
    f.whenComplete((v, e) -> sig.raise());
    long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
    while (!f.isDone()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        ctx.waitReadable(sig, Duration.ofNanos(left));
      } catch (WaitTimeoutException e) {
        return f.isDone();
      } catch (IOException e) {
        throw new ClientException("wait failed", e);
      }
    }
    return true;
  }

  private static RuntimeException unwrap(Throwable t) {
    if (t instanceof RuntimeException re) {
      return re;
    }
    return new ClientException(String.valueOf(t.getMessage()), t);
  }

  private void cancelDispatcher(Subscription sub) {
    TaskHandle<Void> d = sub.dispatcher();
    if (d != null) {
      d.cancel();
    }
  }

  private void joinQuietly(TaskHandle<?> h) {
    try {
      h.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (WaitTimeoutException e) {
      errors.exceptionOccurred(this, new ClientException("writer task did not stop"));
    }
  }

  private void emit(ConnectionEvent event, ServerAddress server) {
    try {
      listener.onEvent(this, event, server);
    } catch (RuntimeException e) {
      errors.exceptionOccurred(this, e);
    }
  }

  void reportSlowConsumer(Subscription sub) {
    errors.slowConsumer(this, sub);
  }

  void reportException(Throwable t) {
    errors.exceptionOccurred(this, t);
  }

  /** The last fatal -ERR text the server sent, or null. */
  public String lastServerError() {
    return fatalError;
  }

  static boolean isAuthError(String text) {
    String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
    return t.startsWith("authorization violation")
        || t.startsWith("authentication timeout")
        || t.startsWith("user authentication expired")
        || t.startsWith("account authentication expired")
        || t.startsWith("authentication expired");
  }

  /**
   * -ERR texts after which nats-server closes the connection (nats-notes 1.10); others are reported
   * only.
   */
  static boolean isFatal(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    return isAuthError(text)
        || t.startsWith("stale connection")
        || t.startsWith("unknown protocol operation")
        || t.startsWith("maximum payload violation")
        || t.startsWith("maximum control line exceeded")
        || t.startsWith("invalid client protocol")
        || t.startsWith("no responders requires headers")
        || t.startsWith("maximum connections exceeded")
        || t.startsWith("secure connection")
        || t.startsWith("slow consumer")
        || t.startsWith("parser error");
  }
}
