package dev.weft.bench.natives;

import dev.weft.bench.Figures;
import dev.weft.bench.Limits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * SpiBench's ping-pong on Netty's event loops: the server handler echoes what it reads, the client
 * handler sends 16 bytes, and on each whole reply times the round trip and sends the next.
 */
public final class NettyPingPong implements NativeMeasurement {
  static final int SIZE = 16;
  private final int warmup;
  private final int recorded;

  public NettyPingPong(int warmup, int recorded) {
    this.warmup = warmup;
    this.recorded = recorded;
  }

  @Override
  public String name() {
    return "pingpong";
  }

  @Override
  public String runtime() {
    return "netty";
  }

  @Override
  public Figures run() throws Exception {
    try (NettyLoops loops = new NettyLoops()) {
      Channel listener = loops.server(new Echo()).bind().sync().channel();
      try {
        Pinger pinger = new Pinger(new RoundTripClock(warmup, recorded));
        Channel client = loops.client(pinger).connect(listener.localAddress()).sync().channel();
        try {
          return pinger.done.get(Limits.JOIN.toSeconds(), TimeUnit.SECONDS);
        } finally {
          client.close().sync();
        }
      } finally {
        listener.close().sync();
      }
    }
  }

  /** Writes back every buffer it reads, flushing once per read burst. */
  @ChannelHandler.Sharable
  private static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }

  /** Sends a ping, waits for all 16 bytes of the echo, times it, sends the next. */
  private static final class Pinger extends ChannelInboundHandlerAdapter {
    final CompletableFuture<Figures> done = new CompletableFuture<>();
    private final RoundTripClock clock;
    private int pending;

    Pinger(RoundTripClock clock) {
      this.clock = clock;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      clock.begin();
      ping(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      pending -= buf.readableBytes();
      buf.release();
      if (pending > 0 || done.isDone()) {
        return;
      }
      if (clock.replied()) {
        ping(ctx);
      } else {
        done.complete(clock.figures());
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      done.completeExceptionally(new java.io.EOFException("server closed during ping-pong"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      done.completeExceptionally(cause);
      ctx.close();
    }

    private void ping(ChannelHandlerContext ctx) {
      pending = SIZE;
      ctx.writeAndFlush(ctx.alloc().buffer(SIZE).writeLong(System.nanoTime()).writeLong(0));
    }
  }
}
