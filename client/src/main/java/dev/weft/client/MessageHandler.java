package dev.weft.client;

/**
 * Handles messages of a handler-style subscription. Runs on the subscription's own dispatcher task
 * (one per subscription), one message at a time in arrival order, so a slow handler delays only its
 * own subscription. An exception is reported to the {@link ErrorListener} and the next message is
 * handled.
 */
@FunctionalInterface
public interface MessageHandler {
  void onMessage(Message message) throws Exception;
}
