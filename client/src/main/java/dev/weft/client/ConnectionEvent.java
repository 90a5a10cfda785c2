package dev.weft.client;

/** Lifecycle events of a {@link Connection}, delivered to its {@link ConnectionListener}. */
public enum ConnectionEvent {
  /** The first connection (handshake done) was made. */
  CONNECTED,
  /** The connection to the server was lost; the client will try to reconnect unless closing. */
  DISCONNECTED,
  /**
   * A new connection was made after a loss; subscriptions are restored and buffered publishes sent.
   */
  RECONNECTED,
  /**
   * The connection is closed for good: by {@link Connection#close()}, a drain, or reconnects ran
   * out.
   */
  CLOSED
}
