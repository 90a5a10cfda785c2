package dev.weft.tck.client;

import dev.weft.client.Connection;
import dev.weft.client.Options;
import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.RuntimeOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Client connections of one scenario, all on one runtime of the backend under test, which the
 * client is handed as an application would hand it. Closing closes every connection, then the
 * runtime.
 */
final class Clients implements AutoCloseable {
  private final AsyncRuntime runtime;
  private final List<Connection> connections = new ArrayList<>();

  Clients(Backend backend, RuntimeOptions options) {
    this.runtime = backend.open(options);
  }

  AsyncRuntime runtime() {
    return runtime;
  }

  Options.Builder options(String url) {
    return Options.builder().server(url).runtime(runtime);
  }

  Connection connect(String url) throws IOException, InterruptedException {
    return connect(options(url));
  }

  Connection connect(Options.Builder options) throws IOException, InterruptedException {
    Connection c = Connection.connect(options.build());
    synchronized (connections) {
      connections.add(c);
    }
    return c;
  }

  @Override
  public void close() {
    List<Connection> all;
    synchronized (connections) {
      all = new ArrayList<>(connections);
    }
    all.forEach(Connection::close);
    runtime.close();
  }
}
