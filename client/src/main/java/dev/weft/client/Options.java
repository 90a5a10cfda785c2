package dev.weft.client;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.RuntimeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link Connection} is configured with. Immutable; build with {@link #builder()}.
 * Defaults follow jnats and nats.go where the choice is theirs (ping every 2 min, 2 outstanding
 * pings, 60 reconnects, 8 MiB reconnect buffer, 512 Ki messages / 64 MiB per subscription) and are
 * quicker where reconnect latency matters (first reconnect wait 100 ms doubling to at most 1 s,
 * plus up to 100 ms of jitter).
 */
public final class Options {
  /** Unlimited, for {@link Builder#maxReconnects(int)} and the pending limits. */
  public static final int UNLIMITED = -1;

  private final List<ServerAddress> servers;
  private final String name;
  private final String user;
  private final String password;
  private final String token;
  private final Duration connectTimeout;
  private final Duration pingInterval;
  private final int maxPingsOut;
  private final boolean echo;
  private final int maxReconnects;
  private final Duration reconnectWait;
  private final Duration maxReconnectWait;
  private final Duration reconnectJitter;
  private final long reconnectBufferBytes;
  private final long maxOutboundBytes;
  private final long pendingMessagesLimit;
  private final long pendingBytesLimit;
  private final boolean retryOnFailedConnect;
  private final ConnectionListener connectionListener;
  private final ErrorListener errorListener;
  private final AsyncRuntime runtime;
  private final Backend backend;
  private final RuntimeOptions runtimeOptions;

  private Options(Builder b) {
    this.servers =
        List.copyOf(
            b.servers.isEmpty()
                ? List.of(ServerAddress.parse("nats://127.0.0.1:4222"))
                : b.servers);
    this.name = b.name;
    this.user = b.user;
    this.password = b.password;
    this.token = b.token;
    this.connectTimeout = b.connectTimeout;
    this.pingInterval = b.pingInterval;
    this.maxPingsOut = b.maxPingsOut;
    this.echo = b.echo;
    this.maxReconnects = b.maxReconnects;
    this.reconnectWait = b.reconnectWait;
    this.maxReconnectWait = b.maxReconnectWait;
    this.reconnectJitter = b.reconnectJitter;
    this.reconnectBufferBytes = b.reconnectBufferBytes;
    this.maxOutboundBytes = b.maxOutboundBytes;
    this.pendingMessagesLimit = b.pendingMessagesLimit;
    this.pendingBytesLimit = b.pendingBytesLimit;
    this.retryOnFailedConnect = b.retryOnFailedConnect;
    this.connectionListener = b.connectionListener;
    this.errorListener = b.errorListener;
    this.runtime = b.runtime;
    this.backend = b.backend;
    this.runtimeOptions = b.runtimeOptions;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options for one server URL with every default. */
  public static Options of(String url) {
    return builder().server(url).build();
  }

  public List<ServerAddress> servers() {
    return servers;
  }

  /** The connection name sent in CONNECT, or null. */
  public String name() {
    return name;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public String token() {
    return token;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration pingInterval() {
    return pingInterval;
  }

  public int maxPingsOut() {
    return maxPingsOut;
  }

  public boolean echo() {
    return echo;
  }

  public int maxReconnects() {
    return maxReconnects;
  }

  public Duration reconnectWait() {
    return reconnectWait;
  }

  public Duration maxReconnectWait() {
    return maxReconnectWait;
  }

  public Duration reconnectJitter() {
    return reconnectJitter;
  }

  public long reconnectBufferBytes() {
    return reconnectBufferBytes;
  }

  public long maxOutboundBytes() {
    return maxOutboundBytes;
  }

  public long pendingMessagesLimit() {
    return pendingMessagesLimit;
  }

  public long pendingBytesLimit() {
    return pendingBytesLimit;
  }

  public boolean retryOnFailedConnect() {
    return retryOnFailedConnect;
  }

  public ConnectionListener connectionListener() {
    return connectionListener;
  }

  public ErrorListener errorListener() {
    return errorListener;
  }

  /** The runtime to run on (not closed by the client), or null. */
  public AsyncRuntime runtime() {
    return runtime;
  }

  /**
   * The backend to open a runtime on (closed with the client), or null for {@code Backends.bind()}.
   */
  public Backend backend() {
    return backend;
  }

  public RuntimeOptions runtimeOptions() {
    return runtimeOptions;
  }

  /** Collects options; every setter validates its argument. */
  public static final class Builder {
    private final List<ServerAddress> servers = new ArrayList<>();
    private String name;
    private String user;
    private String password;
    private String token;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration pingInterval = Duration.ofMinutes(2);
    private int maxPingsOut = 2;
    private boolean echo = true;
    private int maxReconnects = 60;
    private Duration reconnectWait = Duration.ofMillis(100);
    private Duration maxReconnectWait = Duration.ofSeconds(1);
    private Duration reconnectJitter = Duration.ofMillis(100);
    private long reconnectBufferBytes = 8L * 1024 * 1024;
    private long maxOutboundBytes = 4L * 1024 * 1024;
    private long pendingMessagesLimit = 512 * 1024;
    private long pendingBytesLimit = 64L * 1024 * 1024;
    private boolean retryOnFailedConnect;
    private ConnectionListener connectionListener = (c, e, s) -> {};
    private ErrorListener errorListener = new ErrorListener() {};
    private AsyncRuntime runtime;
    private Backend backend;
    private RuntimeOptions runtimeOptions = RuntimeOptions.defaults();

    private Builder() {}

    /**
     * Adds a server URL (see {@link ServerAddress#parse}); servers are tried in the order added.
     */
    public Builder server(String url) {
      servers.add(ServerAddress.parse(url));
      return this;
    }

    /** Adds several server URLs, or one comma-separated string of them. */
    public Builder servers(String... urls) {
      for (String u : urls) {
        for (String part : u.split(",")) {
          if (!part.isBlank()) {
            server(part);
          }
        }
      }
      return this;
    }

    public Builder server(ServerAddress address) {
      servers.add(Objects.requireNonNull(address));
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder userInfo(String user, String password) {
      this.user = user;
      this.password = password;
      return this;
    }

    public Builder token(String token) {
      this.token = token;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    public Builder pingInterval(Duration d) {
      this.pingInterval = positive(d, "pingInterval");
      return this;
    }

    public Builder maxPingsOut(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxPingsOut must be >= 1");
      }
      this.maxPingsOut = n;
      return this;
    }

    public Builder echo(boolean echo) {
      this.echo = echo;
      return this;
    }

    /**
     * Failed attempts in a row before giving up; 0 disables reconnecting, {@link #UNLIMITED} never
     * gives up.
     */
    public Builder maxReconnects(int n) {
      if (n < UNLIMITED) {
        throw new IllegalArgumentException("maxReconnects must be >= -1");
      }
      this.maxReconnects = n;
      return this;
    }

    /** First wait between attempts; it doubles per failed attempt up to {@code max}. */
    public Builder reconnectWait(Duration first, Duration max) {
      this.reconnectWait = nonNegative(first, "reconnectWait");
      this.maxReconnectWait = nonNegative(max, "maxReconnectWait");
      if (max.compareTo(first) < 0) {
        throw new IllegalArgumentException("maxReconnectWait must be >= reconnectWait");
      }
      return this;
    }

    /**
     * Random extra wait, 0..jitter, added to each backoff so clients do not reconnect in lockstep.
     */
    public Builder reconnectJitter(Duration jitter) {
      this.reconnectJitter = nonNegative(jitter, "reconnectJitter");
      return this;
    }

    /**
     * Bytes of publishes kept while disconnected; a publish beyond it fails. 0 refuses publishing
     * while disconnected.
     */
    public Builder reconnectBufferBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("reconnectBufferBytes must be >= 0");
      }
      this.reconnectBufferBytes = bytes;
      return this;
    }

    /** Bytes waiting for the writer above which a publishing plain thread blocks. */
    public Builder maxOutboundBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxOutboundBytes must be >= 1024");
      }
      this.maxOutboundBytes = bytes;
      return this;
    }

    /** Default pending limits of new subscriptions; {@link #UNLIMITED} for none. */
    public Builder pendingLimits(long messages, long bytes) {
      this.pendingMessagesLimit = messages <= 0 ? UNLIMITED : messages;
      this.pendingBytesLimit = bytes <= 0 ? UNLIMITED : bytes;
      return this;
    }

    /**
     * Keep trying (as a reconnect) when the very first connection fails, instead of failing
     * connect.
     */
    public Builder retryOnFailedConnect(boolean retry) {
      this.retryOnFailedConnect = retry;
      return this;
    }

    public Builder connectionListener(ConnectionListener l) {
      this.connectionListener = Objects.requireNonNull(l);
      return this;
    }

    public Builder errorListener(ErrorListener l) {
      this.errorListener = Objects.requireNonNull(l);
      return this;
    }

    /** Runs on this runtime; the client never closes it. */
    public Builder runtime(AsyncRuntime runtime) {
      this.runtime = runtime;
      return this;
    }

    /** Opens its own runtime on this backend and closes it with the connection. */
    public Builder backend(Backend backend) {
      this.backend = backend;
      return this;
    }

    /** Options for a runtime the client opens itself. */
    public Builder runtimeOptions(RuntimeOptions options) {
      this.runtimeOptions = Objects.requireNonNull(options);
      return this;
    }

    public Options build() {
      if (runtime != null && backend != null) {
        throw new IllegalArgumentException("give either a runtime or a backend, not both");
      }
      return new Options(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }

    private static Duration nonNegative(Duration d, String what) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative");
      }
      return d;
    }
  }
}
