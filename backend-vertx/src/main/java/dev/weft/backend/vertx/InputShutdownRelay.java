package dev.weft.backend.vertx;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * Turns the peer's FIN into an in-band EOF marker for Vert.x, and keeps reads from being asked for
 * once there is nothing left to read.
 *
 * <p>Vert.x 5 has no half-close: without {@code ALLOW_HALF_CLOSURE} Netty closes the whole
 * connection on FIN, so the half-closed side could not answer (HALF-1). With it, Netty fires a
 * {@link ChannelInputShutdownEvent} that Vert.x ignores for TCP. Relaying it as a zero-length read
 * makes the EOF travel through the NetSocket's own paused inbound queue, behind every byte that
 * came before it; a socket read never delivers zero bytes otherwise.
 *
 * <p>Dropping read requests after the input is shut down works around Netty 4.2.18's epoll
 * transport: when a channel's interest set becomes empty (input shut down, no pending write) it
 * removes the fd from epoll but keeps it marked as added, so the next interest change is an {@code
 * EPOLL_CTL_MOD} that fails with ENOENT and closes the channel. Vert.x asks for a read ({@code
 * setAutoRead(true)}) whenever a paused NetSocket resumes, which is exactly when a slow reader
 * catches up with bytes that arrived before the FIN. The same Netty bug also hits a write that has
 * to wait for room ({@code EPOLLOUT}) after the FIN; {@code EpollInterestGuard} covers that on an
 * owned {@code Vertx}, this handler also covers a handed-in one for reads.
 */
final class InputShutdownRelay extends ChannelDuplexHandler {
  static final String NAME = "weft-input-shutdown";

  /**
   * Enables half-close on the NetSocket's channel and puts the relay in front of Vert.x's handler;
   * returns the channel. Vert.x 5 has no half-close API: the channel is reached through its
   * internal (exported) API.
   */
  static Channel install(NetSocket socket) {
    ChannelHandlerContext handler = ((NetSocketInternal) socket).channelHandlerContext();
    Channel channel = handler.channel();
    channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    channel.pipeline().addBefore(handler.name(), NAME, new InputShutdownRelay());
    return channel;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof ChannelInputShutdownEvent) {
      ctx.fireChannelRead(Unpooled.EMPTY_BUFFER);
      ctx.fireChannelReadComplete();
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void read(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel() instanceof DuplexChannel duplex && duplex.isInputShutdown()) {
      return;
    }
    super.read(ctx);
  }
}
