/**
 * The client's API: {@link dev.weft.client.Connection} with its {@link
 * dev.weft.client.Subscription}s, {@link dev.weft.client.Message}s, {@link
 * dev.weft.client.Options}, listeners and exceptions, plus the package-private parts a connection
 * is made of (connection loop, handshake, reader, writer, outbox, request multiplexing, error
 * classification). Applications, the CLI ({@code dev.weft.client.cli}) and the TCK's client suite
 * depend on it; it depends only on the SPI and on {@code dev.weft.client.protocol}.
 */
package dev.weft.client;
