/**
 * The wire format as the client sees it: the parser of what a NATS server sends ({@link
 * dev.weft.client.protocol.ServerOpParser}), the small JSON reader and writer for INFO and CONNECT,
 * NUIDs for inbox names, and the protocol error. Internal to the client module (not exported): only
 * {@code dev.weft.client} depends on it, and it depends on nothing but the JDK.
 */
package dev.weft.client.protocol;
