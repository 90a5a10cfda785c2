package dev.weft.server.engine;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.weft.server.protocol.ConnectOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks CONNECT credentials against the configured token or user list. A configured secret that
 * looks like a bcrypt hash is verified as one, with nats-server's test for "looks like".
 */
final class Authenticator {
  private static final Pattern BCRYPT =
      Pattern.compile("^\\$2[abxy]\\$\\d{2}\\$.*", Pattern.DOTALL);

  private final String token;
  private final Map<String, String> users;

  Authenticator(String token, Map<String, String> users) {
    this.token = token;
    this.users = users;
  }

  boolean required() {
    return token != null || !users.isEmpty();
  }

  boolean check(ConnectOptions o) {
    if (token != null) {
      return matches(token, o.authToken);
    }
    if (!users.isEmpty()) {
      String expected = users.get(o.user);
      return expected != null && matches(expected, o.pass);
    }
    return true;
  }

  static boolean matches(String configured, String offered) {
    byte[] given = offered.getBytes(StandardCharsets.UTF_8);
    if (configured.startsWith("$") && BCRYPT.matcher(configured).matches()) {
      try {
        return BCrypt.verifyer()
            .verify(given, configured.getBytes(StandardCharsets.UTF_8))
            .verified;
      } catch (RuntimeException e) {
        return false;
      }
    }
    return MessageDigest.isEqual(configured.getBytes(StandardCharsets.UTF_8), given);
  }
}
