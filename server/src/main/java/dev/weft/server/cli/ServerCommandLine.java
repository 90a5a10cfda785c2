package dev.weft.server.cli;

import dev.weft.server.ServerConfig;
import dev.weft.server.config.ByteSize;
import dev.weft.server.config.ConfigException;
import dev.weft.server.config.GoDuration;
import dev.weft.server.config.ServerConfigFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Parses nats-server's common flags. Like Go's {@code flag} package, which nats-server uses, a flag
 * may be written with one or two dashes and its value either as the next argument or after {@code
 * =}; boolean flags take no value. Values given on the command line override the configuration
 * file's, whatever their order.
 */
public final class ServerCommandLine {

  /** The help text, shaped like {@code nats-server --help}. */
  public static final String USAGE =
      """
            Usage: weft-server [options]

            Server Options:
                -a, --addr, --net <host>         Bind to host address (default: 0.0.0.0)
                -p, --port <port>                Use port for clients (default: 4222)
                -n, --name, --server_name <name> Server name (default: auto)
                -c, --config <file>              Configuration file (nats-server syntax)

            Limits:
                    --max_payload <size>         Maximum message payload (default: 1MB)
                    --max_connections <n>        Maximum client connections (default: 65536)
                    --max_pending <size>         Maximum outbound bytes per client (default: 64MB)
                    --ping_interval <duration>   Interval of server PINGs (default: 2m)
                    --ping_max <n>               Unanswered PINGs before a client is closed (default: 2)
                    --write_deadline <duration>  Longest a write to a client may block (default: 10s)

            Logging Options:
                -l, --log <file>                 File to redirect log output
                -D, --debug                      Enable debugging output
                -V, --trace                      Trace the raw protocol
                -DV                              Debug and trace

            Authorization Options:
                    --user <user>                User required for connections
                    --pass <password>            Password required for connections
                    --auth <token>               Authorization token required for connections

            Common Options:
                -h, --help                       Show this message
                -v, --version                    Show version

            Durations are Go durations such as 500ms, 2s, 1m30s. Sizes accept k, kb, m, mb, g, gb.
            """;

  private interface Setter extends BiConsumer<ServerConfig.Builder, String> {}

  private record Flag(String canonical, boolean takesValue, Setter setter) {}

  private static final Map<String, Flag> FLAGS = new LinkedHashMap<>();

  static {
    alias(new Flag("addr", true, (b, v) -> b.host = v), "a", "addr", "net");
    alias(new Flag("port", true, (b, v) -> b.port = intIn("port", v, 0, 65535)), "p", "port");
    alias(new Flag("name", true, (b, v) -> b.serverName = v), "n", "name", "server_name");
    alias(new Flag("config", true, (b, v) -> {}), "c", "config");
    alias(
        new Flag(
            "max_payload",
            true,
            (b, v) -> b.maxPayload = (int) sizeIn("max_payload", v, 1, Integer.MAX_VALUE)),
        "max_payload");
    alias(
        new Flag(
            "max_connections",
            true,
            (b, v) -> b.maxConnections = (int) sizeIn("max_connections", v, 1, Integer.MAX_VALUE)),
        "max_connections",
        "max_conn");
    alias(
        new Flag(
            "max_pending",
            true,
            (b, v) -> b.maxPending = sizeIn("max_pending", v, 1, Long.MAX_VALUE)),
        "max_pending");
    alias(
        new Flag(
            "ping_interval", true, (b, v) -> b.pingInterval = positiveDuration("ping_interval", v)),
        "ping_interval");
    alias(
        new Flag(
            "ping_max",
            true,
            (b, v) -> b.pingMax = (int) sizeIn("ping_max", v, 1, Integer.MAX_VALUE)),
        "ping_max");
    alias(
        new Flag(
            "write_deadline",
            true,
            (b, v) -> b.writeDeadline = positiveDuration("write_deadline", v)),
        "write_deadline");
    alias(new Flag("log", true, (b, v) -> b.logFile = v), "l", "log");
    alias(new Flag("debug", false, (b, v) -> b.debug = true), "D", "debug");
    alias(new Flag("trace", false, (b, v) -> b.trace = true), "V", "trace");
    alias(
        new Flag(
            "DV",
            false,
            (b, v) -> {
              b.debug = true;
              b.trace = true;
            }),
        "DV");
    alias(new Flag("user", true, (b, v) -> {}), "user");
    alias(new Flag("pass", true, (b, v) -> {}), "pass");
    alias(new Flag("auth", true, (b, v) -> {}), "auth");
    alias(new Flag("version", false, (b, v) -> {}), "v", "version");
    alias(new Flag("help", false, (b, v) -> {}), "h", "help");
  }

  private ServerCommandLine() {}

  private static void alias(Flag flag, String... names) {
    for (String n : names) {
      FLAGS.put(n, flag);
    }
  }

  /**
   * Parses {@code args}.
   *
   * @throws UsageException for an unknown flag, a missing value or a value that does not parse
   * @throws ConfigException when the {@code -c} file is unreadable or invalid
   */
  public static Invocation parse(String... args) throws UsageException, ConfigException {
    Map<String, String> given = new LinkedHashMap<>(); // canonical name -> last value
    List<Map.Entry<Flag, String>> ordered = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
        throw new UsageException("unexpected argument: " + arg);
      }
      String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
      String inline = null;
      int eq = body.indexOf('=');
      if (eq >= 0) {
        inline = body.substring(eq + 1);
        body = body.substring(0, eq);
      }
      Flag flag = FLAGS.get(body);
      if (flag == null) {
        throw new UsageException("flag provided but not defined: " + arg);
      }
      String value;
      if (flag.takesValue()) {
        if (inline != null) {
          value = inline;
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new UsageException("flag needs an argument: " + arg);
        }
      } else {
        if (inline != null && !inline.equalsIgnoreCase("true")) {
          if (inline.equalsIgnoreCase("false")) {
            continue;
          }
          throw new UsageException("invalid boolean value \"" + inline + "\" for flag " + arg);
        }
        value = "true";
      }
      given.put(flag.canonical(), value);
      ordered.add(Map.entry(flag, value));
    }
    if (given.containsKey("help")) {
      return new Invocation.ShowHelp();
    }
    if (given.containsKey("version")) {
      return new Invocation.ShowVersion();
    }

    ServerConfig.Builder b = new ServerConfig.Builder();
    List<String> warnings = new ArrayList<>();
    String configFile = given.get("config");
    if (configFile != null) {
      ServerConfigFile.apply(Path.of(configFile), b, warnings::add);
    }
    for (Map.Entry<Flag, String> e : ordered) {
      try {
        e.getKey().setter().accept(b, e.getValue());
      } catch (IllegalArgumentException ex) {
        throw new UsageException(ex.getMessage());
      }
    }
    applyAuth(given, b);
    try {
      return new Invocation.Run(b.build(), configFile, List.copyOf(warnings));
    } catch (IllegalArgumentException ex) {
      throw new UsageException(ex.getMessage());
    }
  }

  /**
   * --user/--pass replace the file's users and --auth its token, as in nats-server, where command
   * line authorization overrides the file's.
   */
  private static void applyAuth(Map<String, String> given, ServerConfig.Builder b)
      throws UsageException {
    String user = given.get("user");
    String pass = given.get("pass");
    String token = given.get("auth");
    if ((user == null) != (pass == null)) {
      throw new UsageException("--user and --pass must be given together");
    }
    if (token != null && user != null) {
      throw new UsageException("use either --auth or --user/--pass, not both");
    }
    if (user != null) {
      b.users = Map.of(user, pass);
      b.token = null;
    }
    if (token != null) {
      b.token = token;
      b.users = Map.of();
    }
  }

  private static int intIn(String flag, String v, int min, int max) {
    return (int) sizeIn(flag, v, min, max);
  }

  private static long sizeIn(String flag, String v, long min, long max) {
    Long n;
    try {
      n = ByteSize.parse(v);
    } catch (ArithmeticException e) {
      n = null;
    }
    if (n == null || n < min || n > max) {
      throw new IllegalArgumentException(
          "invalid value \""
              + v
              + "\" for flag --"
              + flag
              + ": expected an integer from "
              + min
              + " to "
              + max);
    }
    return n;
  }

  private static Duration positiveDuration(String flag, String v) {
    Duration d;
    try {
      d = GoDuration.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid value \"" + v + "\" for flag --" + flag + ": " + e.getMessage());
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          "invalid value \"" + v + "\" for flag --" + flag + ": must be positive");
    }
    return d;
  }
}
