/**
 * Subject routing: the subscription index ({@code Sublist}, a trie as in nats-server), a per-reader
 * match cache, and {@code SubscriptionEntry}, one SUB as the index holds it (the subject rules are
 * {@code dev.weft.wire.Subjects}). Generic over the subscriber type, so it knows nothing of
 * connections. A lower layer: it depends on nothing else in the server (never on {@code engine});
 * {@code engine} uses it.
 */
package dev.weft.server.routing;
