package dev.weft.server.config;

import dev.weft.server.ServerConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Applies a nats-server configuration file to a {@link ServerConfig.Builder}. Keys understood:
 * {@code port}, {@code host} / {@code net}, {@code listen} ({@code host:port}), {@code
 * server_name}, {@code max_payload}, {@code max_pending}, {@code max_connections} / {@code
 * max_conn}, {@code max_control_line}, {@code ping_interval}, {@code ping_max}, {@code
 * write_deadline}, {@code authorization { token | user, password | users = [{user, password}],
 * timeout }}, {@code debug}, {@code trace}, {@code logfile} / {@code log_file}.
 *
 * <p>An unknown key is an error, as in nats-server 2.9.10 ({@code unknown field "foo"}): a typo
 * must not silently fall back to a default. Durations are Go strings ({@code "2s"}) or numbers of
 * seconds; a number for ping_interval/write_deadline is accepted with the same warning nats-server
 * prints.
 */
public final class ServerConfigFile {
  private final String file;
  private final Consumer<String> warnings;

  private ServerConfigFile(String file, Consumer<String> warnings) {
    this.file = file;
    this.warnings = warnings;
  }

  /** Reads {@code path} and applies it to {@code into}. */
  public static void apply(Path path, ServerConfig.Builder into, Consumer<String> warnings)
      throws ConfigException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(path + ": cannot read configuration file: " + e.getMessage());
    }
    apply(path.toString(), text, into, warnings);
  }

  /** Parses {@code text} (named {@code file} in errors) and applies it to {@code into}. */
  public static void apply(
      String file, String text, ServerConfig.Builder into, Consumer<String> warnings)
      throws ConfigException {
    new ServerConfigFile(file, warnings).applyTop(ConfigParser.parse(file, text), into);
  }

  private void applyTop(Map<String, ConfigValue> top, ServerConfig.Builder b)
      throws ConfigException {
    for (Map.Entry<String, ConfigValue> e : top.entrySet()) {
      String key = e.getKey();
      ConfigValue v = e.getValue();
      switch (key) {
        case "port" -> b.port = intRange(key, v, 0, 65535);
        case "host", "net" -> b.host = string(key, v);
        case "listen" -> listen(key, v, b);
        case "server_name" -> b.serverName = string(key, v);
        case "max_payload" -> b.maxPayload = intRange(key, v, 1, Integer.MAX_VALUE);
        case "max_pending" -> b.maxPending = longRange(key, v, 1, Long.MAX_VALUE);
        case "max_connections", "max_conn" ->
            b.maxConnections = intRange(key, v, 1, Integer.MAX_VALUE);
        case "max_control_line" -> b.maxControlLine = intRange(key, v, 1, Integer.MAX_VALUE);
        case "ping_interval" -> b.pingInterval = duration(key, v, true);
        case "ping_max" -> b.pingMax = intRange(key, v, 1, Integer.MAX_VALUE);
        case "write_deadline" -> b.writeDeadline = duration(key, v, true);
        case "authorization" -> authorization(v, b);
        case "debug" -> b.debug = bool(key, v);
        case "trace" -> b.trace = bool(key, v);
        case "logfile", "log_file" -> b.logFile = string(key, v);
        default -> throw fail(v, "unknown field \"" + key + "\"");
      }
    }
  }

  private void authorization(ConfigValue block, ServerConfig.Builder b) throws ConfigException {
    if (!(block.value() instanceof Map)) {
      throw fail(block, "authorization must be a block { }, got " + block.typeName());
    }
    String user = null;
    String password = null;
    String token = null;
    Map<String, String> users = null;
    for (Map.Entry<String, ConfigValue> e : block.asMap().entrySet()) {
      String key = e.getKey();
      ConfigValue v = e.getValue();
      switch (key) {
        case "token" -> token = string("authorization.token", v);
        case "user", "username" -> user = string("authorization.user", v);
        case "password", "pass" -> password = string("authorization.password", v);
        case "timeout" -> b.authTimeout = seconds("authorization.timeout", v);
        case "users" -> users = users(v);
        default -> throw fail(v, "unknown field \"authorization." + key + "\"");
      }
    }
    if (token != null && users != null) {
      // nats-server's wording.
      throw fail(block, "Can not have a token and a users array");
    }
    if (token != null && user != null) {
      throw fail(block, "Can not have a token and a user/password");
    }
    if ((user == null) != (password == null)) {
      throw fail(block, "authorization needs both user and password");
    }
    if (user != null) {
      Map<String, String> all = users == null ? new LinkedHashMap<>() : new LinkedHashMap<>(users);
      all.put(user, password);
      users = all;
    }
    b.token = token;
    b.users = users == null ? Map.of() : users;
  }

  private Map<String, String> users(ConfigValue v) throws ConfigException {
    if (!(v.value() instanceof java.util.List)) {
      throw fail(v, "authorization.users must be an array, got " + v.typeName());
    }
    Map<String, String> users = new LinkedHashMap<>();
    for (ConfigValue entry : v.asList()) {
      if (!(entry.value() instanceof Map)) {
        throw fail(
            entry,
            "authorization.users entries must be blocks {user, password}, got " + entry.typeName());
      }
      String user = null;
      String password = null;
      for (Map.Entry<String, ConfigValue> e : entry.asMap().entrySet()) {
        switch (e.getKey()) {
          case "user", "username" -> user = string("authorization.users.user", e.getValue());
          case "password", "pass" ->
              password = string("authorization.users.password", e.getValue());
          default ->
              throw fail(e.getValue(), "unknown field \"authorization.users." + e.getKey() + "\"");
        }
      }
      if (user == null || password == null) {
        throw fail(entry, "authorization.users entries need both user and password");
      }
      if (users.put(user, password) != null) {
        throw fail(entry, "duplicate user \"" + user + "\" in authorization.users");
      }
    }
    return users;
  }

  private void listen(String key, ConfigValue v, ServerConfig.Builder b) throws ConfigException {
    String s = v.value() instanceof Long l ? ":" + l : string(key, v);
    int colon = s.lastIndexOf(':');
    String host = colon < 0 ? s : s.substring(0, colon);
    String port = colon < 0 ? "" : s.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!host.isEmpty()) {
      b.host = host;
    }
    if (!port.isEmpty()) {
      try {
        int p = Integer.parseInt(port);
        if (p < 0 || p > 65535) {
          throw new NumberFormatException();
        }
        b.port = p;
      } catch (NumberFormatException e) {
        throw fail(v, "invalid port in \"" + key + "\": " + s);
      }
    }
  }

  private Duration duration(String key, ConfigValue v, boolean warnOnNumber)
      throws ConfigException {
    if (v.value() instanceof String s) {
      try {
        return GoDuration.parse(s);
      } catch (IllegalArgumentException e) {
        throw fail(v, "error parsing " + key + ": " + e.getMessage());
      }
    }
    if (warnOnNumber) {
      warnings.accept(
          file
              + ":"
              + v.line()
              + ":"
              + v.column()
              + ": invalid use of field \""
              + key
              + "\": "
              + key
              + " should be converted to a duration");
    }
    return seconds(key, v);
  }

  private Duration seconds(String key, ConfigValue v) throws ConfigException {
    return switch (v.value()) {
      case Long l when l >= 0 -> Duration.ofSeconds(l);
      case Double d when d >= 0 && d < 1e9 ->
          Duration.ofNanos(new BigDecimal(d).movePointRight(9).longValue());
      case String s -> duration(key, v, false);
      default ->
          throw fail(
              v,
              key
                  + " must be a non-negative number of seconds or a duration string, got "
                  + v.typeName()
                  + " "
                  + v.value());
    };
  }

  private int intRange(String key, ConfigValue v, long min, long max) throws ConfigException {
    return (int) longRange(key, v, min, max);
  }

  private long longRange(String key, ConfigValue v, long min, long max) throws ConfigException {
    if (!(v.value() instanceof Long l)) {
      throw fail(v, key + " must be an integer, got " + v.typeName() + " " + v.value());
    }
    if (l < min) {
      throw fail(v, key + " value is too small: " + l + " (minimum " + min + ")");
    }
    if (l > max) {
      throw fail(v, key + " value is too big: " + l + " (maximum " + max + ")");
    }
    return l;
  }

  private String string(String key, ConfigValue v) throws ConfigException {
    return switch (v.value()) {
      case String s -> s;
      case Long l -> Long.toString(l); // bare numeric passwords and tokens
      default -> throw fail(v, key + " must be a string, got " + v.typeName());
    };
  }

  private boolean bool(String key, ConfigValue v) throws ConfigException {
    if (v.value() instanceof Boolean b) {
      return b;
    }
    throw fail(v, key + " must be a boolean, got " + v.typeName() + " " + v.value());
  }

  private ConfigException fail(ConfigValue at, String message) {
    return ConfigException.at(file, at.line(), at.column(), message);
  }
}
