package dev.weft.server.config;

/**
 * A configuration file that cannot be used. The message starts with {@code file:line:column:} and
 * names the offending key, as nats-server's own errors do, so a user can jump to the line.
 */
public final class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }

  static ConfigException at(String file, int line, int column, String message) {
    return new ConfigException(file + ":" + line + ":" + column + ": " + message);
  }
}
