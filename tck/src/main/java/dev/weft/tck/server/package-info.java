/**
 * The server suite: the Weft NATS server ({@code dev.weft.server}) running on the backend under
 * test, judged byte by byte by a raw protocol driver on a reference backend (plain JDK sockets when
 * there is none) and by the official Java client, jnats. Rules are grouped by what they check
 * (protocol flow, errors, limits, jnats). Only {@link dev.weft.tck.WeftTck} depends on it, through
 * {@link dev.weft.tck.server.ServerSuite}; it depends on the server, the SPI, jnats, JUnit and the
 * kit's root package.
 */
package dev.weft.tck.server;
