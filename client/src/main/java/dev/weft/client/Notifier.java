package dev.weft.client;

/**
 * Tells the application's {@link ConnectionListener} and {@link ErrorListener} what happened to a
 * connection. A listener that throws is reported to the error listener; it never breaks the task
 * that was telling it.
 */
final class Notifier {
  private final Connection connection;
  private final ErrorListener errors;
  private final ConnectionListener listener;

  Notifier(Connection connection, Options options) {
    this.connection = connection;
    this.errors = options.errorListener();
    this.listener = options.connectionListener();
  }

  void event(ConnectionEvent event, ServerAddress server) {
    try {
      listener.onEvent(connection, event, server);
    } catch (RuntimeException e) {
      errors.exceptionOccurred(connection, e);
    }
  }

  void serverError(String text) {
    errors.serverError(connection, text);
  }

  void slowConsumer(Subscription sub) {
    errors.slowConsumer(connection, sub);
  }

  void exception(Throwable t) {
    errors.exceptionOccurred(connection, t);
  }
}
