package dev.weft.server;

import dev.weft.server.engine.ClientSettings;
import dev.weft.server.engine.Engine;
import dev.weft.server.engine.EngineOptions;
import dev.weft.spi.Backend;
import dev.weft.spi.Backends;
import dev.weft.spi.RuntimeOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * An embedded NATS-protocol server running on one Weft backend.
 *
 * <pre>{@code
 * try (WeftServer server = WeftServer.builder().port(0).start()) {
 *     connect to "nats://127.0.0.1:" + server.port()
 * }
 * }</pre>
 *
 * The builder binds 127.0.0.1:4222 unless told otherwise (embedded use should not listen on every
 * interface by surprise); {@link ServerConfig#defaults()} keeps nats-server's 0.0.0.0 for the CLI.
 */
public final class WeftServer implements AutoCloseable {
  /** The nats-server version this server advertises in INFO. */
  public static final String VERSION = Engine.VERSION;

  private final Engine engine;
  private final ServerConfig config;

  private WeftServer(Engine engine, ServerConfig config) {
    this.engine = engine;
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The bound port (the ephemeral one when built with port 0). */
  public int port() {
    return engine.address().getPort();
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return engine.address();
  }

  /** Name of the backend the server runs on, e.g. {@code loom}. */
  public String backendName() {
    return engine.backendName();
  }

  /** The settings in force. */
  public ServerConfig config() {
    return config;
  }

  /** Client connections currently open. */
  public int connectionCount() {
    return engine.connectionCount();
  }

  /** Subscriptions currently registered, over all connections. */
  public int subscriptionCount() {
    return engine.subscriptionCount();
  }

  /** Connections cut as slow consumers since start. */
  public long slowConsumerCount() {
    return engine.slowConsumerCount();
  }

  /**
   * Graceful and idempotent: stops accepting, stops reading, writes what each connection has
   * pending to its (live) subscriber, closes the connections and then the runtime, all within
   * {@link ServerConfig#shutdownGrace()}.
   */
  @Override
  public void close() {
    engine.close();
  }

  /** Collects settings; {@link #start()} binds and serves. */
  public static final class Builder {
    private ServerConfig.Builder c = new ServerConfig.Builder();
    private Backend backend;
    private RuntimeOptions runtimeOptions = RuntimeOptions.defaults();

    private Builder() {
      c.host = "127.0.0.1";
      c.port = ServerConfig.DEFAULT_PORT;
    }

    public Builder host(String host) {
      c.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** 0 binds an ephemeral port. */
    public Builder port(int port) {
      c.port = port;
      return this;
    }

    /** The backend to run on; by default {@link Backends#bind()} chooses. */
    public Builder backend(Backend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    public Builder runtimeOptions(RuntimeOptions options) {
      this.runtimeOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Replaces every setting at once (host and port included). */
    public Builder config(ServerConfig config) {
      c = config.toBuilder();
      return this;
    }

    public Builder maxPayload(int bytes) {
      c.maxPayload = bytes;
      return this;
    }

    public Builder maxConnections(int n) {
      c.maxConnections = n;
      return this;
    }

    /** Per-connection outbound byte cap; a connection over it is cut as a slow consumer. */
    public Builder maxPending(long bytes) {
      c.maxPending = bytes;
      return this;
    }

    public Builder pingInterval(Duration interval) {
      c.pingInterval = positive(interval, "pingInterval");
      return this;
    }

    public Builder pingMax(int n) {
      c.pingMax = n;
      return this;
    }

    public Builder writeDeadline(Duration deadline) {
      c.writeDeadline = positive(deadline, "writeDeadline");
      return this;
    }

    public Builder authTimeout(Duration timeout) {
      c.authTimeout = positive(timeout, "authTimeout");
      return this;
    }

    /** Requires this token (plain, or a bcrypt hash) in CONNECT's auth_token. */
    public Builder token(String token) {
      c.token = Objects.requireNonNull(token, "token");
      return this;
    }

    /** Adds one user; the password may be a bcrypt hash. */
    public Builder user(String user, String password) {
      Map<String, String> users = new java.util.LinkedHashMap<>(c.users);
      users.put(Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"));
      c.users = users;
      return this;
    }

    /** Replaces the user list (name to password or bcrypt hash). */
    public Builder users(Map<String, String> users) {
      c.users = Map.copyOf(users);
      return this;
    }

    public Builder serverName(String name) {
      c.serverName = name;
      return this;
    }

    public Builder debug(boolean on) {
      c.debug = on;
      return this;
    }

    public Builder trace(boolean on) {
      c.trace = on;
      return this;
    }

    public Builder shutdownGrace(Duration grace) {
      c.shutdownGrace = Objects.requireNonNull(grace, "grace");
      return this;
    }

    /**
     * Validates the settings, opens a runtime, binds and starts serving.
     *
     * @throws IOException when the address cannot be bound
     * @throws IllegalArgumentException naming a bad setting
     */
    public WeftServer start() throws IOException {
      ServerConfig config = c.build();
      Backend b = backend != null ? backend : Backends.bind();
      return new WeftServer(Engine.start(engineOptions(config), b, runtimeOptions), config);
    }

    private static EngineOptions engineOptions(ServerConfig c) {
      ClientSettings client =
          new ClientSettings(
              c.maxControlLine(),
              c.maxPayload(),
              c.maxPending(),
              c.authTimeout().toNanos(),
              c.pingInterval().toNanos(),
              c.pingMax(),
              c.writeDeadline().toNanos(),
              c.debug(),
              c.trace());
      return new EngineOptions(
          c.host(),
          c.port(),
          c.serverName(),
          c.maxConnections(),
          c.shutdownGrace(),
          c.token(),
          c.users(),
          client);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
