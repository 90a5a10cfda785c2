package dev.weft.client;

/**
 * Told of lifecycle changes. Called on the connection's own task, in order; keep it short and do
 * not block in it (hand long work to another thread or task).
 */
@FunctionalInterface
public interface ConnectionListener {
  /**
   * @param server the server the event concerns (the one connected to, or the one lost), or null
   *     for {@link ConnectionEvent#CLOSED} when none
   */
  void onEvent(Connection connection, ConnectionEvent event, ServerAddress server);
}
