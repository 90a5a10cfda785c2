/**
 * The interop suite (PEER rules): the backend under test against plain JDK blocking sockets and
 * against every other backend {@link java.util.ServiceLoader} finds, as client and as server, with
 * each conversation ({@code EchoExchange}, {@code PingPongExchange}) written once against {@code
 * Conn} so that it is the same at either end. Only {@link dev.weft.tck.WeftTck} depends on it,
 * through {@link dev.weft.tck.interop.InteropSuite}; it depends on the SPI, JUnit and the kit's
 * root package, and reaches the other backends only through the SPI.
 */
package dev.weft.tck.interop;
