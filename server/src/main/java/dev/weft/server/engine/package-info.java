/**
 * The running server on the SPI: the {@code Engine} (accept, housekeeping, shutdown) and each
 * client connection, split into lifecycle ({@code ClientConnection}), reading ({@code
 * ClientReader}, {@code Fanout}), writing ({@code ClientWriter}), the per-client pending output
 * ({@code PendingOutput}) and the {@code -V} protocol trace, installed as decorators ({@code
 * TracingOpHandler}, {@code TracingSink}) only when tracing is on. A connection sees the engine
 * only through {@code ClientSettings} and {@code ClientServices}. Depends on {@code protocol},
 * {@code routing} and the SPI; only the public API package depends on it.
 */
package dev.weft.server.engine;
