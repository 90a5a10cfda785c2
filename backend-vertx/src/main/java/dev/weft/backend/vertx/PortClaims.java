package dev.weft.backend.vertx;

import io.vertx.core.Vertx;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Explicit ports bound through one {@code Vertx}. Vert.x shares a NetServer among every listen on
 * the same host and port of one instance, round-robin; a second listener must fail to bind as it
 * would on any other backend, not silently take half of the first one's connections.
 */
final class PortClaims {
  private static final Map<Vertx, Set<String>> CLAIMS = new WeakHashMap<>();

  private PortClaims() {}

  /**
   * Claims {@code host:port} (port &gt; 0) or throws {@link BindException}; returns the release
   * action.
   */
  static Runnable claim(Vertx vertx, String host, int port, InetSocketAddress requested)
      throws BindException {
    String key = host + "|" + port;
    synchronized (CLAIMS) {
      Set<String> claimed = CLAIMS.computeIfAbsent(vertx, v -> new HashSet<>());
      if (!claimed.add(key)) {
        throw new BindException(
            "cannot listen on "
                + requested
                + ": Address already in use (another listener of this Vertx)");
      }
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (!released.compareAndSet(false, true)) {
        return;
      }
      synchronized (CLAIMS) {
        Set<String> claimed = CLAIMS.get(vertx);
        if (claimed != null) {
          claimed.remove(key);
        }
      }
    };
  }
}
