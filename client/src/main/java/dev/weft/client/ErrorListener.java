package dev.weft.client;

/**
 * Told of problems that do not surface as an exception of a call: -ERR lines from the server,
 * failures of the connection's tasks and handlers, and slow consumers. Called on the connection's
 * tasks; keep it short. The default methods log through {@link System.Logger}.
 */
public interface ErrorListener {
  System.Logger LOG = System.getLogger("dev.weft.client");

  /** The server sent {@code -ERR '<text>'}; {@code text} is without the quotes. */
  default void serverError(Connection connection, String text) {
    LOG.log(System.Logger.Level.WARNING, "server error: {0}", text);
  }

  /** A connection attempt, a read or write, or a message handler failed. */
  default void exceptionOccurred(Connection connection, Throwable error) {
    LOG.log(System.Logger.Level.WARNING, "client error: " + error, error);
  }

  /**
   * A subscription's pending limit was reached and messages are being dropped. Reported once each
   * time the subscription goes over its limit (not per dropped message).
   */
  default void slowConsumer(Connection connection, Subscription subscription) {
    LOG.log(
        System.Logger.Level.WARNING,
        "slow consumer on {0}: dropping messages",
        subscription.subject());
  }
}
