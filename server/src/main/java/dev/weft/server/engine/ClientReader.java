package dev.weft.server.engine;

import dev.weft.server.protocol.ClientOpParser;
import dev.weft.server.protocol.ConnectOptions;
import dev.weft.server.protocol.PubArg;
import dev.weft.server.routing.SubscriptionEntry;
import dev.weft.spi.Context;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskCancelledException;
import dev.weft.wire.JsonException;
import dev.weft.wire.JsonReader;
import dev.weft.wire.Subjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One connection's reader task: reads into the parser's buffer, handles each op the parser hands
 * over (the {@link ClientOpParser.Handler}), fans publishes out through its {@link Fanout}, and
 * wakes the writers it queued bytes for once per read.
 */
final class ClientReader implements ClientOpParser.Handler {
  private static final byte[] PONG = ascii("PONG\r\n");
  private static final byte[] OK = ascii("+OK\r\n");

  private final ClientConnection conn;
  private final ClientServices services;
  private final ClientLog log;
  private final ClientTimers timers;
  private final ClientSubscriptions subs;
  private final Fanout fanout;
  private final ClientOpParser parser;
  private final ConnectOptions opts = new ConnectOptions();

  // What the client's CONNECT negotiated.
  private boolean headers;
  private boolean echo = true;
  private boolean verbose = true;
  private boolean pedantic = true;
  private boolean noResponders;

  /** A PUB, SUB or UNSUB arrived in this read (nats-server skips its next PING then). */
  private boolean batchActivity;

  ClientReader(ClientConnection conn, ClientSettings settings, ClientServices services) {
    this.conn = conn;
    this.services = services;
    this.log = conn.log;
    this.timers = conn.timers;
    this.subs = conn.subscriptions;
    this.fanout = new Fanout(conn, services.newSubjectCache(), settings.stallThreshold());
    ClientOpParser.Handler handler = settings.trace() ? new TracingOpHandler(this, log) : this;
    this.parser = new ClientOpParser(handler, settings.maxControlLine(), settings.maxPayload());
  }

  Void readLoop(Context ctx, StreamSocket socket) {
    try {
      while (!conn.pending.isClosed()) {
        int n = socket.read(ctx, parser.readBuffer());
        if (n < 0) {
          log.debug("Client Closed");
          conn.terminate();
          return null;
        }
        parser.commit(n);
        int r = parser.parse();
        if (batchActivity) {
          batchActivity = false;
          timers.activity(System.nanoTime());
        }
        if (r != ClientOpParser.OK) {
          fail(r);
          fanout.flushDirty(null);
          return null;
        }
        fanout.flushDirty(ctx);
      }
      return null;
    } catch (SocketClosedException e) {
      conn.terminate();
      return null;
    } catch (TaskCancelledException e) {
      // Shutdown: stop reading, let the writer drain what is pending.
      throw e;
    } catch (IOException e) {
      log.debug("read error: " + e);
      conn.terminate();
      return null;
    } catch (RuntimeException | Error e) {
      log.error("reader failed", e);
      conn.terminate();
      throw e;
    }
  }

  /** The parser's close codes, with nats-server's -ERR texts. */
  private void fail(int code) {
    switch (code) {
      case ClientOpParser.ERR_UNKNOWN_OP -> closeWithError("Unknown Protocol Operation");
      case ClientOpParser.ERR_MAX_PAYLOAD -> closeWithError("Maximum Payload Violation");
      case ClientOpParser.ERR_CONTROL_LINE -> closeWithError("maximum control line exceeded");
      case ClientOpParser.ERR_AUTH -> closeWithError("Authorization Violation");
      case ClientOpParser.ERR_SILENT -> conn.closeAfterFlush();
      default -> {
        // STOP: the handler already arranged the close.
      }
    }
  }

  /** Queues {@code -ERR '<text>'} and closes once it is written. */
  private void closeWithError(String text) {
    fanout.sendOwn(ClientConnection.errLine(text));
    conn.closeAfterFlush();
  }

  @Override
  public boolean awaitingAuth() {
    return timers.awaitingAuth();
  }

  @Override
  public boolean headersEnabled() {
    return headers;
  }

  @Override
  public int onConnect(byte[] b, int off, int len) {
    if (!timers.beginConnect(System.nanoTime())) {
      return ClientOpParser.STOP;
    }
    try {
      opts.merge(b, off, len);
    } catch (JsonException e) {
      log.warn("invalid CONNECT: " + e.getMessage());
      return ClientOpParser.ERR_SILENT;
    }
    echo = opts.echo;
    headers = opts.headers;
    conn.pending.keepHeaders(opts.headers);
    verbose = opts.verbose;
    pedantic = opts.pedantic;
    noResponders = opts.noResponders;
    if (services.authRequired() && !services.authenticate(opts)) {
      log.error(
          "authentication error" + (opts.user.isEmpty() ? "" : " - User \"" + opts.user + "\""));
      return ClientOpParser.ERR_AUTH;
    }
    if (opts.newAccount || !opts.account.isEmpty()) {
      return ClientOpParser.ERR_AUTH;
    }
    if (opts.protocol < 0 || opts.protocol > 1) {
      closeWithError("invalid client protocol");
      return ClientOpParser.STOP;
    }
    if (opts.noResponders && !opts.headers) {
      closeWithError("no responders requires headers support");
      return ClientOpParser.STOP;
    }
    timers.authenticated();
    if (verbose) {
      fanout.sendOwn(OK);
    }
    return ClientOpParser.OK;
  }

  @Override
  public int onInfo(byte[] b, int off, int len) {
    try {
      JsonReader.parse(new String(b, off, len, StandardCharsets.UTF_8));
      return ClientOpParser.OK;
    } catch (JsonException e) {
      return ClientOpParser.ERR_SILENT;
    }
  }

  @Override
  public void onPing() {
    fanout.sendOwn(PONG);
    timers.clientPinged(System.nanoTime());
  }

  @Override
  public void onPong() {
    timers.ponged();
  }

  @Override
  public void onPubLine(byte[] b, PubArg pa) {
    if (pedantic && !Subjects.isValidLiteralSubject(b, pa.subjectOffset(), pa.subjectLength())) {
      fanout.sendOwn(ClientConnection.errLine("Invalid Publish Subject"));
    }
  }

  @Override
  public void onMsg(byte[] b, PubArg pa) {
    batchActivity = true;
    if (verbose) {
      fanout.sendOwn(OK);
    }
    if (!fanout.publish(b, pa, echo) && pa.replyLength() > 0 && noResponders) {
      fanout.noResponders(b, pa);
    }
  }

  @Override
  public void onStrayMsg() {
    if (verbose) {
      fanout.sendOwn(OK);
    }
  }

  @Override
  public void onSub(String subject, String queue, String sid) {
    batchActivity = true;
    SubscriptionEntry<ClientConnection> sub = new SubscriptionEntry<>(conn, subject, queue, sid);
    if (!subs.add(sub)) {
      fanout.sendOwn(ClientConnection.errLine("Invalid Subject"));
      return;
    }
    if (conn.pending.isClosed()) {
      // Lost a race with close(): make sure the new subscription does not outlive us.
      subs.remove(sub);
    }
    if (verbose) {
      fanout.sendOwn(OK);
    }
  }

  @Override
  public void onUnsub(String sid, long max) {
    batchActivity = true;
    SubscriptionEntry<ClientConnection> sub = subs.get(sid);
    boolean drop = sub != null && conn.pending.limit(sub, max);
    // +OK before the removal, as nats-server's processUnsub orders them (visible in the trace).
    if (verbose) {
      fanout.sendOwn(OK);
    }
    if (drop) {
      subs.remove(sub);
    }
  }

  @Override
  public void onClientError(byte[] b, int off, int len) {
    log.error("Client Error " + new String(b, off, len, StandardCharsets.UTF_8));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
