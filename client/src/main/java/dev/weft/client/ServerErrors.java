package dev.weft.client;

import java.io.IOException;
import java.util.Locale;

/**
 * Classifies the {@code -ERR} texts a server sends, as jnats does: which ones mean the server
 * refused the credentials, and which ones nats-server follows by closing the connection.
 */
final class ServerErrors {
  private ServerErrors() {}

  static boolean isAuthError(String text) {
    String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
    return t.startsWith("authorization violation")
        || t.startsWith("authentication timeout")
        || t.startsWith("user authentication expired")
        || t.startsWith("account authentication expired")
        || t.startsWith("authentication expired");
  }

  /**
   * -ERR texts after which nats-server closes the connection (nats-notes 1.10); others are reported
   * only.
   */
  static boolean isFatal(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    return isAuthError(text)
        || t.startsWith("stale connection")
        || t.startsWith("unknown protocol operation")
        || t.startsWith("maximum payload violation")
        || t.startsWith("maximum control line exceeded")
        || t.startsWith("invalid client protocol")
        || t.startsWith("no responders requires headers")
        || t.startsWith("maximum connections exceeded")
        || t.startsWith("secure connection")
        || t.startsWith("slow consumer")
        || t.startsWith("parser error");
  }

  /** The failure for an -ERR received during the handshake. */
  static IOException refused(String text) {
    return isAuthError(text)
        ? new AuthorizationException(text)
        : new IOException("server refused the connection: " + text);
  }

  /** The failure for a fatal -ERR received on a live connection. */
  static IOException fatal(String text) {
    return isAuthError(text)
        ? new AuthorizationException(text)
        : new IOException("server error: " + text);
  }
}
