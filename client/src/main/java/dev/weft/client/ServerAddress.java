package dev.weft.client;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * One server to connect to, parsed from a NATS URL: {@code nats://host:port}, {@code
 * nats://user:password@host:port} or {@code nats://token@host:port}. The scheme and port are
 * optional ({@code host}, {@code host:port}; port 4222 by default), IPv6 literals are written
 * {@code [::1]:4222}, and credentials are percent-decoded. Credentials in a URL take precedence
 * over those of the {@link Options} for that server, as in jnats and nats.go.
 *
 * @param user user name from the URL, or null
 * @param password password from the URL, or null
 * @param token token from the URL (a user part without a password), or null
 */
public record ServerAddress(String host, int port, String user, String password, String token) {
  public static final int DEFAULT_PORT = 4222;

  public ServerAddress {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("server URL has no host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("server port must be 1..65535, got " + port);
    }
  }

  /**
   * Parses a server URL.
   *
   * @throws IllegalArgumentException naming the URL when it cannot be used
   */
  public static ServerAddress parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("empty server URL");
    }
    String rest = url.strip();
    int scheme = rest.indexOf("://");
    if (scheme >= 0) {
      String s = rest.substring(0, scheme).toLowerCase(java.util.Locale.ROOT);
      if (!s.equals("nats")) {
        throw new IllegalArgumentException(
            "unsupported scheme '" + s + "' in " + url + " (only nats:// is supported)");
      }
      rest = rest.substring(scheme + 3);
    }
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      rest = rest.substring(0, slash);
    }
    String user = null;
    String password = null;
    String token = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String cred = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = cred.indexOf(':');
      if (colon >= 0) {
        user = decode(cred.substring(0, colon));
        password = decode(cred.substring(colon + 1));
      } else if (!cred.isEmpty()) {
        token = decode(cred);
      }
    }
    String host;
    int port = DEFAULT_PORT;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("unclosed '[' in " + url);
      }
      host = rest.substring(1, close);
      String after = rest.substring(close + 1);
      if (after.startsWith(":")) {
        port = port(after.substring(1), url);
      } else if (!after.isEmpty()) {
        throw new IllegalArgumentException("bad server URL " + url);
      }
    } else {
      int colon = rest.lastIndexOf(':');
      if (colon >= 0) {
        host = rest.substring(0, colon);
        port = port(rest.substring(colon + 1), url);
      } else {
        host = rest;
      }
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("server URL has no host: " + url);
    }
    return new ServerAddress(host, port, user, password, token);
  }

  /** The address to connect to (resolved now). */
  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(host, port);
  }

  /** The URL without credentials, for logs and events. */
  @Override
  public String toString() {
    return "nats://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static int port(String s, String url) {
    try {
      int p = Integer.parseInt(s);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port '" + s + "' in " + url);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
