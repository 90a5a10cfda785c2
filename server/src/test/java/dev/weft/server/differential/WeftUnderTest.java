package dev.weft.server.differential;

import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.server.cli.WeftServerFactory;
import dev.weft.server.config.ServerConfigFile;
import dev.weft.spi.Backends;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Weft on the loom backend, in this JVM, configured from the same configuration lines nats-server
 * gets (read by our own nats-syntax reader, so the reader is exercised too).
 */
final class WeftUnderTest implements ServerUnderTest {
  private final WeftServer server;

  private WeftUnderTest(WeftServer server) {
    this.server = server;
  }

  static WeftUnderTest start(String scriptName, List<String> configLines) throws Exception {
    ServerConfig.Builder b = new ServerConfig.Builder();
    ServerConfigFile.apply(
        scriptName + ".conf", String.join("\n", configLines) + "\n", b, warning -> {});
    b.host = "127.0.0.1";
    b.port = 0;
    return new WeftUnderTest(WeftServerFactory.start(b.build(), Backends.named("loom")));
  }

  @Override
  public String label() {
    return "weft";
  }

  @Override
  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.port());
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
