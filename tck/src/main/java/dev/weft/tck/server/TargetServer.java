package dev.weft.tck.server;

import dev.weft.server.WeftServer;
import dev.weft.tck.suite.TckTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.UnaryOperator;

/** WeftServer on the backend under test, with its options, on 127.0.0.1 and an ephemeral port. */
final class TargetServer implements AutoCloseable {
  final WeftServer server;

  private TargetServer(WeftServer server) {
    this.server = server;
  }

  static TargetServer start(TckTarget target) throws IOException {
    return start(target, b -> b);
  }

  /** {@code settings} adjusts the builder (limits, auth) before it starts. */
  static TargetServer start(TckTarget target, UnaryOperator<WeftServer.Builder> settings)
      throws IOException {
    WeftServer.Builder b =
        WeftServer.builder()
            .host("127.0.0.1")
            .port(0)
            .backend(target.backend())
            .runtimeOptions(target.options());
    return new TargetServer(settings.apply(b).start());
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.port());
  }

  String url() {
    return "nats://127.0.0.1:" + server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
