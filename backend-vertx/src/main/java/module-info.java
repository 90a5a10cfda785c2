/**
 * The Weft SPI on Vert.x 5 core. Task bodies run on virtual threads; sockets are Vert.x {@code
 * NetServer}/{@code NetClient} connections and timeouts are Vert.x timers on the event loops.
 * {@link dev.weft.backend.vertx.VertxBackend#withVertx} embeds Weft in an application's own {@code
 * Vertx}; otherwise each runtime owns one.
 */
module dev.weft.backend.vertx {
  // Transitive: the exported VertxBackend.withVertx(Vertx) returns a Backend.
  requires transitive dev.weft.spi;
  requires dev.weft.backend.kit;
  requires transitive io.vertx.core;
  // Half-close and socket options have no Vert.x API: they go to the connection's Netty channel.
  requires io.netty.transport;
  requires io.netty.buffer;
  requires io.netty.common;
  // Socket options, allocator warm-up and the epoll interest guard, shared with the Netty backend.
  requires dev.weft.backend.nettykit;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;

  exports dev.weft.backend.vertx;

  provides dev.weft.spi.Backend with
      dev.weft.backend.vertx.VertxBackend;
}
