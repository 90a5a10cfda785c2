package dev.weft.server.cli;

import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.spi.Backend;
import java.io.IOException;

/**
 * Turns a parsed {@link ServerConfig} into a running {@link WeftServer}; shared by the CLI and the
 * tests that configure Weft from a nats-server configuration file.
 */
public final class WeftServerFactory {
  private WeftServerFactory() {}

  public static WeftServer start(ServerConfig config, Backend backend) throws IOException {
    return WeftServer.builder().config(config).backend(backend).start();
  }
}
