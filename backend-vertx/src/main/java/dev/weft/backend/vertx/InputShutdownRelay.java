package dev.weft.backend.vertx;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * Turns the peer's FIN into an in-band EOF marker for Vert.x.
 *
 * <p>Vert.x 5 has no half-close: without {@code ALLOW_HALF_CLOSURE} Netty closes the whole
 * connection on FIN, so the half-closed side could not answer (HALF-1). With it, Netty fires a
 * {@link ChannelInputShutdownEvent} that Vert.x ignores for TCP. Relaying it as a zero-length read
 * makes the EOF travel through the NetSocket's own paused inbound queue, behind every byte that came
 * before it; a socket read never delivers zero bytes otherwise.
 */
final class InputShutdownRelay extends ChannelInboundHandlerAdapter {
    static final String NAME = "weft-input-shutdown";

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            ctx.fireChannelRead(Unpooled.EMPTY_BUFFER);
            ctx.fireChannelReadComplete();
        }
        super.userEventTriggered(ctx, evt);
    }
}
