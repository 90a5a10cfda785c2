/**
 * The Weft SPI on Netty 4.2 event loops. Task bodies run on virtual threads; sockets, listeners and
 * timers live on a {@code MultiThreadIoEventLoopGroup} with the epoll transport when the native
 * library loads, NIO otherwise. Found through {@link java.util.ServiceLoader} only.
 */
module dev.weft.backend.netty {
  requires dev.weft.spi;
  requires dev.weft.backend.kit;
  requires dev.weft.backend.nettykit;
  requires io.netty.common;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires io.netty.transport.unix.common;
  requires io.netty.transport.classes.epoll;
  requires java.logging;

  provides dev.weft.spi.Backend with
      dev.weft.backend.netty.NettyBackend;
}
