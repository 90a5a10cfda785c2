/**
 * Weft's async runtime SPI: the contract ({@link dev.weft.spi.Backend}, {@link
 * dev.weft.spi.AsyncRuntime}, {@link dev.weft.spi.Context}, {@link dev.weft.spi.Signal}, {@link
 * dev.weft.spi.StreamSocket}, {@link dev.weft.spi.Listener} and their options and capabilities),
 * whose every rule has an ID in the Javadoc, and the {@link java.util.ServiceLoader} binding of a
 * backend ({@link dev.weft.spi.Backends}). It depends on the JDK alone. Everything else may depend
 * on it: the backends implement it, the server and the client are written against it only, and the
 * TCK checks each rule with a test of the same ID.
 */
package dev.weft.spi;
