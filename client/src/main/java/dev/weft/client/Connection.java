package dev.weft.client;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Backends;
import dev.weft.spi.Context;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection to a NATS server, written only against the Weft SPI. Create one with {@link
 * #connect(Options)}; it is thread-safe and usable from plain threads and from tasks.
 *
 * <p>How it runs, in the shape of jnats' {@code NatsConnection}: one connection task ({@link
 * ConnectionLoop}) connects, handshakes ({@link Handshake}) and then reads ({@link InboundReader},
 * parsing whole reads at a time); a writer task per live socket ({@link SocketWriter}) drains the
 * {@link Outbox}, into which every publish, SUB and UNSUB is appended, so many messages leave in
 * one socket write; each handler subscription has its own dispatcher task; requests share one inbox
 * ({@link RequestMux}). When the socket is lost the connection task reconnects with backoff,
 * restores the subscriptions and sends what was published meanwhile. This class is the API and the
 * lifecycle.
 */
public final class Connection implements AutoCloseable {
  /** Where the connection is in its life. */
  public enum Status {
    CONNECTING,
    CONNECTED,
    RECONNECTING,
    CLOSED
  }

  private final Options options;
  private final AsyncRuntime runtime;
  private final OwnedRuntime ownedRuntime;
  private final Notifier notifier;
  private final Outbox outbox;
  private final RequestMux requests;
  private final SubscriptionTable subs;
  private final Publisher publisher;

  private volatile ServerInfo info;

  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private TaskHandle<Void> connectionTask;
  private volatile String fatalError;
  private final AtomicLong reconnects = new AtomicLong();

  private Connection(Options options, AsyncRuntime runtime, boolean ownsRuntime) {
    this.options = options;
    this.runtime = runtime;
    this.ownedRuntime = new OwnedRuntime(runtime, ownsRuntime);
    this.notifier = new Notifier(this, options);
    this.outbox = new Outbox(options);
    this.publisher = new Publisher(outbox);
    this.subs = new SubscriptionTable(this, runtime, options, outbox);
    this.requests = new RequestMux(subs, this);
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
    ConnectionLoop loop = new ConnectionLoop(this, options, runtime, outbox, subs, requests);
    connectionTask = OwnTasks.spawn(runtime, "weft-client-connection", this, null, loop::run);
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
    return outbox.status();
  }

  /** The INFO of the server last connected to. */
  public ServerInfo serverInfo() {
    return info;
  }

  /** The server currently (or last) connected to. */
  public ServerAddress currentServer() {
    return outbox.currentServer();
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
    publisher.publish(subject, replyTo, headers, data, info);
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
    ClientOpWriter.checkSubject(subject, "subject");
    if (queueGroup != null) {
      ClientOpWriter.checkSubject(queueGroup, "queue group");
    }
    return subs.add(subject, queueGroup, handler, false);
  }

  void unsubscribe(Subscription sub, long max) {
    subs.unsubscribe(sub, max);
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
    return TaskWaits.get(f, timeout.toNanos(), () -> requestTimedOut(f, subject, timeout));
  }

  /**
   * {@link #request(String, byte[], Duration)} for a task: it suspends the task instead of blocking
   * a thread.
   */
  public Message request(
      Context ctx, String subject, Headers headers, byte[] data, Duration timeout) {
    CompletableFuture<Message> f = requestAsync(subject, headers, data);
    return TaskWaits.get(ctx, f, timeout, () -> requestTimedOut(f, subject, timeout));
  }

  private static RuntimeException requestTimedOut(
      CompletableFuture<Message> f, String subject, Duration timeout) {
    f.cancel(false);
    return new ClientTimeoutException("no reply to request on '" + subject + "' within " + timeout);
  }

  /**
   * Sends a request; the future completes with the reply, or exceptionally with {@link
   * NoRespondersException}. Cancelling the future forgets the request.
   */
  public CompletableFuture<Message> requestAsync(String subject, Headers headers, byte[] data) {
    return requests.request(subject, headers, data);
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
    CompletableFuture<Void> f = outbox.ping(deadline);
    TaskWaits.get(
        f,
        deadline - System.nanoTime(),
        () -> new ClientTimeoutException("no PONG within " + timeout));
  }

  /** {@link #flush(Duration)} for a task. */
  public void flush(Context ctx, Duration timeout) {
    CompletableFuture<Void> f;
    try {
      f = outbox.ping(System.nanoTime());
    } catch (InterruptedException e) {
      throw new ClientException("interrupted", e);
    }
    TaskWaits.get(ctx, f, timeout, () -> new ClientTimeoutException("no PONG within " + timeout));
  }

  /**
   * Drains, then closes: unsubscribes everything, lets the messages already on their way arrive (a
   * PING/PONG round trip proves the server sent them), delivers every buffered message to handlers
   * and {@code next()} callers, flushes publishes, and closes.
   *
   * <p>Called from a message handler, it does not wait for that handler's own subscription, which
   * cannot finish while its handler runs: that subscription counts as drained, and the messages
   * still queued for it are handled after the handler returns (a runtime the client opened is
   * closed only after them, within the same timeout).
   *
   * @return true when everything was delivered within {@code timeout}
   */
  public boolean drain(Duration timeout) throws InterruptedException {
    return Drain.run(this, subs, timeout);
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
    boolean onOwnTask = OwnTasks.isOwnedBy(this);
    if (status() == Status.CONNECTED && !onOwnTask) {
      try {
        flush(options.connectTimeout());
      } catch (RuntimeException | InterruptedException e) {
        // Closing anyway: a flush that cannot finish must not keep the connection open.
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
    }
    outbox.markClosing();
    TaskHandle<Void> task = connectionTask;
    StreamSocket s = outbox.socket();
    if (s != null) {
      s.close();
    }
    if (task != null) {
      task.cancel();
      if (!onOwnTask) {
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
    ownedRuntime.close(onOwnTask);
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

  /** The last fatal -ERR text the server sent, or null. */
  public String lastServerError() {
    return fatalError;
  }

  // ------------------------------------------------------------------ for the client's parts

  Notifier notifier() {
    return notifier;
  }

  OwnedRuntime ownedRuntime() {
    return ownedRuntime;
  }

  void infoReceived(ServerInfo si) {
    info = si;
  }

  /** A handshake succeeded: the connection is (again) usable. */
  void connected(ServerAddress server, boolean reconnect) {
    if (reconnect) {
      reconnects.incrementAndGet();
    }
    notifier.event(reconnect ? ConnectionEvent.RECONNECTED : ConnectionEvent.CONNECTED, server);
    firstConnect.complete(null);
  }

  void firstConnectFailed(Exception e) {
    firstConnect.completeExceptionally(e);
  }

  /** The connection task ends: by close, or by itself when reconnects ran out. */
  void loopEnded(boolean everConnected) {
    firstConnect.completeExceptionally(new IOException("connection closed before it was made"));
    if (!outbox.isClosing()) {
      outbox.markClosing();
      finishClose();
      if (everConnected) {
        ownedRuntime.closeLater();
      }
    }
  }

  void fatalServerError(String text) {
    fatalError = text;
  }

  private void finishClose() {
    if (!outbox.closed()) {
      return;
    }
    ClientException closedEx = new ClientException("connection is closed");
    requests.failAll(closedEx);
    subs.closeAll();
    firstConnect.completeExceptionally(new IOException("connection closed"));
    notifier.event(ConnectionEvent.CLOSED, currentServer());
    closed.complete(null);
  }
}
