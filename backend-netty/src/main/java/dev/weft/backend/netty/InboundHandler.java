package dev.weft.backend.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The only handler in a Weft channel's pipeline: it hands every event to its {@link NettySocket}
 * and lets nothing reach the pipeline's tail, where Netty would log unhandled messages and errors.
 */
final class InboundHandler extends ChannelInboundHandlerAdapter {
  private final NettySocket socket;

  InboundHandler(NettySocket socket) {
    this.socket = socket;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    socket.attach(ctx.channel());
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    socket.onActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      socket.onRead(buf);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    socket.onReadComplete(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      socket.onInputShutdown();
    }
    ReferenceCountUtil.release(evt);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    socket.onWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    socket.onFailure(cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    socket.onInactive();
  }
}
