package dev.weft.client;

import dev.weft.server.WeftServer;
import dev.weft.spi.Backends;
import java.io.IOException;

/** {@link WeftServer} on the Loom backend, bound to a loopback ephemeral port. */
public final class EmbeddedWeftServer implements TestServer {
  private final String token;
  private WeftServer server;
  private int port;

  public EmbeddedWeftServer() {
    this(null);
  }

  public EmbeddedWeftServer(String token) {
    this.token = token;
  }

  @Override
  public void start() throws IOException {
    WeftServer.Builder b =
        WeftServer.builder().host("127.0.0.1").port(port).backend(Backends.named("loom"));
    if (token != null) {
      b.token(token);
    }
    server = b.start();
    port = server.port();
  }

  @Override
  public void stop() {
    WeftServer s = server;
    server = null;
    if (s != null) {
      s.close();
    }
  }

  @Override
  public int port() {
    return port;
  }
}
