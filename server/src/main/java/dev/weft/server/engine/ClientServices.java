package dev.weft.server.engine;

import dev.weft.server.protocol.ConnectOptions;
import dev.weft.server.routing.SubjectCache;
import dev.weft.server.routing.SubscriptionEntry;
import java.lang.System.Logger;

/**
 * What a client connection needs of the server: authentication, the subscription index, the
 * server's counters, its log, and word that the connection is gone. The {@link Engine} provides it;
 * a connection sees nothing else of the engine.
 */
interface ClientServices {
  boolean authRequired();

  /** Whether the CONNECT's credentials are accepted. */
  boolean authenticate(ConnectOptions opts);

  /**
   * Adds {@code sub} to the index.
   *
   * @return false, adding nothing, when its subject is invalid
   */
  boolean subscribe(SubscriptionEntry<ClientConnection> sub);

  void unsubscribe(SubscriptionEntry<ClientConnection> sub);

  /** A cache of matches for one reader (publishers mostly repeat subjects). */
  SubjectCache<ClientConnection> newSubjectCache();

  /** Counts a client cut as a slow consumer. */
  void slowConsumerCut();

  Logger logger();

  /** The connection released everything; forget it. */
  void closed(ClientConnection c);
}
