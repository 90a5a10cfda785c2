package dev.weft.tck.client;

import dev.weft.server.WeftServer;
import dev.weft.spi.Backend;
import dev.weft.spi.RuntimeOptions;
import java.io.IOException;

/**
 * {@link WeftServer} on a given backend, on a loopback port (ephemeral unless one is asked for).
 */
final class WeftServerHandle implements ServerHandle {
  private final WeftServer server;

  private WeftServerHandle(WeftServer server) {
    this.server = server;
  }

  static WeftServerHandle start(Backend backend, RuntimeOptions options, int port)
      throws IOException {
    return new WeftServerHandle(
        WeftServer.builder()
            .host("127.0.0.1")
            .port(port)
            .backend(backend)
            .runtimeOptions(options)
            .start());
  }

  int port() {
    return server.port();
  }

  @Override
  public String url() {
    return "nats://127.0.0.1:" + server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
