/**
 * The NATS client protocol as bytes and text, without any server state: the parser of client ops
 * ({@code ClientOpParser}, filling a reused {@code PubArg} per publish), CONNECT options and the
 * INFO writer; the byte-level primitives and the strict JSON reader it shares with the client come
 * from {@code dev.weft.wire}. A lower layer: it depends on nothing else in the server (never on
 * {@code engine}); {@code engine} uses it.
 */
package dev.weft.server.protocol;
