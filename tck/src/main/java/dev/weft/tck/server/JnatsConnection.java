package dev.weft.tck.server;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * A jnats connection as a try-with-resources resource. jnats' {@code Connection.close()} throws
 * {@link InterruptedException}, which a try-with-resources could bury under the body's own
 * exception; this close restores the thread's interrupt status before it reports the interrupt.
 *
 * @param connection the open jnats connection
 */
record JnatsConnection(Connection connection) implements AutoCloseable {
  static JnatsConnection connect(Options options) throws Exception {
    return new JnatsConnection(Nats.connect(options));
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while closing a jnats connection", e);
    }
  }
}
