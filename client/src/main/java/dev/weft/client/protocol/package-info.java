/**
 * The wire format as the client sees it: the parser of what a NATS server sends ({@link
 * dev.weft.client.protocol.ServerOpParser}), INFO read into Java values, NUIDs for inbox names, and
 * the protocol error. Internal to the client module (not exported): only {@code dev.weft.client}
 * depends on it, and it depends on nothing but the JDK and the shared wire primitives of {@code
 * dev.weft.wire}.
 */
package dev.weft.client.protocol;
