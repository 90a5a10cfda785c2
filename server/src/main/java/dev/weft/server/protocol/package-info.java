/**
 * The NATS client protocol as bytes and text, without any server state: the parser of client ops
 * ({@code ClientOpParser}, filling a reused {@code PubArg} per publish), CONNECT options and the
 * strict JSON reader and writer. A lower layer: it depends on nothing else in the server (never on
 * {@code engine}); {@code engine} uses it.
 */
package dev.weft.server.protocol;
