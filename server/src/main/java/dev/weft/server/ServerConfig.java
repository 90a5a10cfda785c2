package dev.weft.server;

import java.time.Duration;
import java.util.Map;

/**
 * Every setting of the server, with nats-server 2.9.10's defaults. Immutable; the CLI and the
 * configuration-file reader build one, and {@link WeftServer.Builder} fills one in for embedded
 * use.
 *
 * @param host address to bind (default 0.0.0.0, as nats-server; the CLI's -a)
 * @param port port to bind, 0 for an ephemeral one (default 4222)
 * @param serverName advertised server_name; null means the generated server id
 * @param maxPayload largest accepted payload in bytes (default 1 MiB)
 * @param maxControlLine longest control line argument in bytes (default 4096)
 * @param maxConnections most concurrent client connections (default 65536)
 * @param maxPending per-connection outbound byte cap before a slow consumer is cut (default 64 MiB)
 * @param writeDeadline longest a blocked write to one client may take before it is cut (default 10
 *     s)
 * @param pingInterval interval of server PINGs (default 2 min)
 * @param pingMax unanswered server PINGs before {@code -ERR 'Stale Connection'} (default 2)
 * @param authTimeout time a client has to send CONNECT when auth is required (default 2 s)
 * @param token required auth token (plain or bcrypt {@code $2a$...}), or null
 * @param users user name to password (plain or bcrypt), empty when no user auth
 * @param debug log debug lines (-D)
 * @param trace log protocol traces (-V)
 * @param logFile log to this file instead of stderr (-l), or null
 * @param shutdownGrace how long a graceful shutdown may take (default 5 s)
 */
public record ServerConfig(
    String host,
    int port,
    String serverName,
    int maxPayload,
    int maxControlLine,
    int maxConnections,
    long maxPending,
    Duration writeDeadline,
    Duration pingInterval,
    int pingMax,
    Duration authTimeout,
    String token,
    Map<String, String> users,
    boolean debug,
    boolean trace,
    String logFile,
    Duration shutdownGrace) {

  public static final int DEFAULT_PORT = 4222;
  public static final int DEFAULT_MAX_PAYLOAD = 1024 * 1024;
  public static final int DEFAULT_MAX_CONTROL_LINE = 4096;
  public static final int DEFAULT_MAX_CONNECTIONS = 64 * 1024;
  public static final long DEFAULT_MAX_PENDING = 64L * 1024 * 1024;

  public ServerConfig {
    users = Map.copyOf(users);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (maxPayload <= 0) {
      throw new IllegalArgumentException("max_payload must be positive, got " + maxPayload);
    }
    if (maxPayload > maxPending) {
      // nats-server refuses to start in this case too, with this wording.
      throw new IllegalArgumentException(
          "max_payload ("
              + maxPayload
              + ") cannot be higher than max_pending ("
              + maxPending
              + ")");
    }
    if (maxConnections <= 0 || pingMax <= 0 || maxControlLine <= 0) {
      throw new IllegalArgumentException(
          "max_connections, ping_max and max_control_line must be positive");
    }
    if (token != null && !users.isEmpty()) {
      throw new IllegalArgumentException("configure either a token or users, not both");
    }
  }

  /** nats-server's defaults, bound to 0.0.0.0:4222. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        "0.0.0.0",
        DEFAULT_PORT,
        null,
        DEFAULT_MAX_PAYLOAD,
        DEFAULT_MAX_CONTROL_LINE,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_PENDING,
        Duration.ofSeconds(10),
        Duration.ofMinutes(2),
        2,
        Duration.ofSeconds(2),
        null,
        Map.of(),
        false,
        false,
        null,
        Duration.ofSeconds(5));
  }

  /** True when clients must authenticate in CONNECT. */
  public boolean authRequired() {
    return token != null || !users.isEmpty();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable holder used by the CLI, the config-file reader and {@link WeftServer.Builder}. */
  public static final class Builder {
    public String host;
    public int port;
    public String serverName;
    public int maxPayload;
    public int maxControlLine;
    public int maxConnections;
    public long maxPending;
    public Duration writeDeadline;
    public Duration pingInterval;
    public int pingMax;
    public Duration authTimeout;
    public String token;
    public Map<String, String> users;
    public boolean debug;
    public boolean trace;
    public String logFile;
    public Duration shutdownGrace;

    public Builder() {
      this(defaults());
    }

    private Builder(ServerConfig c) {
      host = c.host;
      port = c.port;
      serverName = c.serverName;
      maxPayload = c.maxPayload;
      maxControlLine = c.maxControlLine;
      maxConnections = c.maxConnections;
      maxPending = c.maxPending;
      writeDeadline = c.writeDeadline;
      pingInterval = c.pingInterval;
      pingMax = c.pingMax;
      authTimeout = c.authTimeout;
      token = c.token;
      users = c.users;
      debug = c.debug;
      trace = c.trace;
      logFile = c.logFile;
      shutdownGrace = c.shutdownGrace;
    }

    /** Validates and freezes; throws {@link IllegalArgumentException} naming the bad setting. */
    public ServerConfig build() {
      return new ServerConfig(
          host,
          port,
          serverName,
          maxPayload,
          maxControlLine,
          maxConnections,
          maxPending,
          writeDeadline,
          pingInterval,
          pingMax,
          authTimeout,
          token,
          users,
          debug,
          trace,
          logFile,
          shutdownGrace);
    }
  }
}
