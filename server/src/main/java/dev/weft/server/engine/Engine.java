package dev.weft.server.engine;

import dev.weft.server.protocol.ConnectOptions;
import dev.weft.server.protocol.JsonWriter;
import dev.weft.server.routing.SubjectCache;
import dev.weft.server.routing.Sublist;
import dev.weft.server.routing.SubscriptionEntry;
import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.RuntimeShutdownException;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server core, written only against the SPI: it owns the runtime, the listener, the
 * subscription index and every connection, and runs an accept task and one housekeeping task
 * (keepalive PINGs, auth timeouts and write deadlines for all connections).
 */
public final class Engine {
  /** The version advertised in INFO; jnats gates features on it being at least 2.9.0. */
  public static final String VERSION = "2.10.0";

  /** How often deadlines and ping timers are checked. */
  private static final Duration TICK = Duration.ofMillis(50);

  private final Logger log = System.getLogger("dev.weft.server");
  private final EngineOptions config;
  private final ClientSettings clientSettings;
  private final ClientServices clientServices = new Services();
  private final Sublist<ClientConnection> sublist = new Sublist<>();
  private final Authenticator auth;
  private final AtomicLong slowConsumers = new AtomicLong();

  private final AsyncRuntime runtime;
  private final Listener listener;
  private final InetSocketAddress address;
  private final String serverId;
  private final String serverName;
  private final ConcurrentHashMap<Long, ClientConnection> connections = new ConcurrentHashMap<>();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final AtomicLong nextCid = new AtomicLong();
  private final TaskHandle<Void> acceptTask;
  private final TaskHandle<Void> housekeepingTask;
  private final Object closeLock = new Object();
  private volatile boolean closing;
  private boolean closed;

  private Engine(EngineOptions config, AsyncRuntime runtime, Listener listener) {
    this.config = config;
    this.runtime = runtime;
    this.listener = listener;
    this.address = listener.localAddress();
    this.clientSettings = config.client();
    this.auth = new Authenticator(config.token(), config.users());
    this.serverId = newServerId();
    this.serverName =
        config.serverName() == null || config.serverName().isEmpty()
            ? serverId
            : config.serverName();
    this.acceptTask = runtime.spawn("weft-accept", this::acceptLoop);
    this.housekeepingTask = runtime.spawn("weft-housekeeping", this::housekeepingLoop);
  }

  /**
   * Opens a runtime of {@code backend}, binds the listener and starts serving.
   *
   * @throws IOException when the address cannot be bound
   */
  public static Engine start(EngineOptions config, Backend backend, RuntimeOptions options)
      throws IOException {
    AsyncRuntime runtime = backend.open(options);
    Listener listener;
    try {
      listener = runtime.listen(new InetSocketAddress(config.host(), config.port()));
    } catch (IOException | RuntimeException e) {
      runtime.close();
      throw e;
    }
    try {
      Engine engine = new Engine(config, runtime, listener);
      engine.log.log(
          Level.DEBUG,
          "Listening for client connections on "
              + engine.address.getHostString()
              + ":"
              + engine.address.getPort()
              + " (backend "
              + backend.name()
              + ", transport "
              + runtime.transport()
              + ")");
      return engine;
    } catch (RuntimeException e) {
      listener.close();
      runtime.close();
      throw e;
    }
  }

  public InetSocketAddress address() {
    return address;
  }

  public String backendName() {
    return runtime.backend().name();
  }

  public String serverId() {
    return serverId;
  }

  public int connectionCount() {
    return connectionCount.get();
  }

  public int subscriptionCount() {
    return sublist.count();
  }

  public long slowConsumerCount() {
    return slowConsumers.get();
  }

  // ------------------------------------------------------------------ accepting

  private Void acceptLoop(Context ctx) {
    while (!closing) {
      StreamSocket socket;
      try {
        socket = listener.accept(ctx);
      } catch (SocketClosedException | TaskCancelledException e) {
        return null;
      } catch (IOException e) {
        if (closing) {
          return null;
        }
        log.log(Level.WARNING, "accept failed: " + e);
        continue;
      }
      try {
        admit(socket);
      } catch (RuntimeShutdownException e) {
        socket.close();
        return null;
      } catch (RuntimeException e) {
        log.log(Level.ERROR, "could not start a connection", e);
        socket.close();
      }
    }
    return null;
  }

  private void admit(StreamSocket socket) {
    long cid = nextCid.incrementAndGet();
    long now = System.nanoTime();
    if (closing) {
      socket.close();
      return;
    }
    if (connectionCount.incrementAndGet() > config.maxConnections()) {
      connectionCount.decrementAndGet();
      // As nats-server: INFO first, then the error, then close.
      String ip =
          socket.remoteAddress() == null
              ? ""
              : socket.remoteAddress().getAddress().getHostAddress();
      byte[] info = infoLine(cid, ip);
      log.log(Level.ERROR, ip + " - cid:" + cid + " - maximum connections exceeded");
      runtime.spawn(
          "weft-refuse-" + cid,
          ctx -> {
            try (socket) {
              socket.write(ctx, ByteBuffer.wrap(info));
              socket.write(
                  ctx, ByteBuffer.wrap(ClientConnection.errLine("maximum connections exceeded")));
            }
            return null;
          });
      return;
    }
    ClientConnection c =
        new ClientConnection(cid, socket, runtime.newSignal(), clientSettings, clientServices, now);
    connections.put(cid, c);
    byte[] info = infoLine(cid, c.clientIp());
    c.log.debug("Client connection created");
    try {
      c.start(runtime, info);
    } catch (RuntimeException e) {
      c.terminate();
      throw e;
    }
  }

  /** What every client connection may use of the engine, and nothing more. */
  private final class Services implements ClientServices {
    @Override
    public boolean authRequired() {
      return auth.required();
    }

    @Override
    public boolean authenticate(ConnectOptions opts) {
      return auth.check(opts);
    }

    @Override
    public boolean subscribe(SubscriptionEntry<ClientConnection> sub) {
      return sublist.insert(sub);
    }

    @Override
    public void unsubscribe(SubscriptionEntry<ClientConnection> sub) {
      sublist.remove(sub);
    }

    @Override
    public SubjectCache<ClientConnection> newSubjectCache() {
      return new SubjectCache<>(sublist);
    }

    @Override
    public void slowConsumerCut() {
      slowConsumers.incrementAndGet();
    }

    @Override
    public Logger logger() {
      return log;
    }

    @Override
    public void closed(ClientConnection c) {
      if (connections.remove(c.cid, c)) {
        connectionCount.decrementAndGet();
      }
      c.log.debug("Client connection closed");
    }
  }

  // ------------------------------------------------------------------ housekeeping

  private Void housekeepingLoop(Context ctx) {
    while (!closing) {
      try {
        ctx.sleep(TICK);
      } catch (TaskCancelledException e) {
        return null;
      }
      long now = System.nanoTime();
      for (ClientConnection c : connections.values()) {
        try {
          c.tick(now);
        } catch (RuntimeException e) {
          c.log.error("housekeeping failed", e);
        }
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ protocol text

  private byte[] infoLine(long cid, String clientIp) {
    JsonWriter w =
        new JsonWriter()
            .field("server_id", serverId)
            .field("server_name", serverName)
            .field("version", VERSION)
            .field("proto", 1)
            .field("go", "weft")
            .field("host", config.host())
            .field("port", address.getPort())
            .field("headers", true);
    if (auth.required()) {
      w.field("auth_required", true);
    }
    w.field("max_payload", clientSettings.maxPayload())
        .field("client_id", cid)
        .field("client_ip", clientIp);
    return ("INFO " + w.end() + " \r\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String newServerId() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    SecureRandom r = new SecureRandom();
    StringBuilder sb = new StringBuilder(56).append('N');
    for (int i = 1; i < 56; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ shutdown

  /**
   * Graceful shutdown within {@code config.shutdownGrace()}: stop accepting, stop reading, write
   * what every connection has pending, close the connections, then close the runtime. Idempotent; a
   * later call returns once the first has finished.
   */
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      closing = true;
      long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
      listener.close();
      acceptTask.cancel();
      housekeepingTask.cancel();
      // Let a connection being admitted right now register, so the snapshot below has it.
      join(acceptTask, deadline);
      List<ClientConnection> all = new ArrayList<>(connections.values());
      for (ClientConnection c : all) {
        if (c.readerTask != null) {
          c.readerTask.cancel();
        }
      }
      // Readers first, so that no publish is half-delivered when the writers drain.
      for (ClientConnection c : all) {
        join(c.readerTask, deadline);
      }
      for (ClientConnection c : all) {
        c.closeAfterFlush();
      }
      for (ClientConnection c : all) {
        join(c.writerTask, deadline);
        c.terminate();
      }
      join(housekeepingTask, deadline);
      long left = Math.max(0, deadline - System.nanoTime());
      runtime.shutdown(Duration.ofNanos(left));
      runtime.close();
    }
  }

  private static void join(TaskHandle<?> task, long deadline) {
    if (task == null) {
      return;
    }
    long left = deadline - System.nanoTime();
    try {
      task.join(Duration.ofNanos(Math.max(0, left)));
    } catch (WaitTimeoutException e) {
      // Out of grace: runtime.shutdown() cancels and reports it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
