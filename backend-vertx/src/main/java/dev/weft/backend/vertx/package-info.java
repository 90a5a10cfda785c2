/**
 * The Vert.x backend's I/O edge on Vert.x 5 core: the runtime ({@link
 * dev.weft.backend.vertx.VertxRuntime}), NetSocket handlers feeding a socket's inbound queue
 * ({@link dev.weft.backend.vertx.VertxInboundQueue}), write batching to the event loop ({@link
 * dev.weft.backend.vertx.VertxWriteBatch}), NetServer and NetClient setup, and the owned or
 * handed-in {@code Vertx}. Tasks, waits, timeouts and signals come from the backend kit ({@code
 * dev.weft.backend.kit}); socket options, allocator warm-up and the epoll guard from the Netty kit
 * ({@code dev.weft.backend.nettykit}). Only {@link dev.weft.backend.vertx.VertxBackend#withVertx}
 * is API beyond the SPI; applications may use that, nothing else here.
 */
package dev.weft.backend.vertx;
