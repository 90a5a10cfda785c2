/**
 * Subject routing: the subscription index ({@code Sublist}, a trie as in nats-server), a per-reader
 * match cache, subject validation, and {@code SubscriptionEntry}, one SUB as the index holds it.
 * Generic over the subscriber type, so it knows nothing of connections. A lower layer: it depends
 * on nothing else in the server (never on {@code engine}); {@code engine} uses it.
 */
package dev.weft.server.routing;
