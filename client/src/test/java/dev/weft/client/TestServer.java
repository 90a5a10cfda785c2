package dev.weft.client;

import java.io.IOException;

/** A server the integration tests run against, stoppable and restartable on the same port. */
public interface TestServer extends AutoCloseable {
  /** Starts (again) on the port of the first start, or an ephemeral one the first time. */
  void start() throws IOException;

  /** Stops abruptly enough that clients see their connection drop. */
  void stop();

  int port();

  default String url() {
    return "nats://127.0.0.1:" + port();
  }

  @Override
  default void close() {
    stop();
  }
}
