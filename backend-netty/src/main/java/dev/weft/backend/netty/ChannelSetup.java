package dev.weft.backend.netty;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;

/**
 * The channel options every Weft socket gets, connected or accepted: reads on demand (the task
 * pulls), half-closure so EOF can arrive while writes go on (HALF-1), Nagle off (SOCK-1) and the
 * write bound of WRITE-2 as Netty's high water mark.
 */
final class ChannelSetup {
  private ChannelSetup() {}

  static WriteBufferWaterMark waterMark(NettyOptions o) {
    int high = o.writeBufferBytes();
    return new WriteBufferWaterMark(high / 2, high);
  }

  static void client(AbstractBootstrap<?, ?> b, NettyOptions o) {
    b.option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark(o))
        // Connect time is bounded by the waiting task itself, whatever its timeout (CONN-2).
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 0);
    if (o.receiveBuffer() > 0) {
      b.option(ChannelOption.SO_RCVBUF, o.receiveBuffer());
    }
    if (o.sendBuffer() > 0) {
      b.option(ChannelOption.SO_SNDBUF, o.sendBuffer());
    }
  }

  static void server(ServerBootstrap b, NettyOptions o) {
    b.option(ChannelOption.SO_BACKLOG, o.listenBacklog())
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark(o));
    if (o.receiveBuffer() > 0) {
      // Set on the listening socket too: the window scale of accepted sockets is fixed at SYN time.
      b.option(ChannelOption.SO_RCVBUF, o.receiveBuffer());
      b.childOption(ChannelOption.SO_RCVBUF, o.receiveBuffer());
    }
    if (o.sendBuffer() > 0) {
      b.childOption(ChannelOption.SO_SNDBUF, o.sendBuffer());
    }
  }
}
