package dev.weft.server.routing;

/**
 * Whatever owns subscriptions (a client connection). The routing package only needs identity, so it
 * stays free of the engine.
 */
public interface Subscriber {}
