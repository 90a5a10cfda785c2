package dev.weft.bench.natives;

import dev.weft.bench.Figures;
import dev.weft.bench.Limits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * SpiBench's stream on Netty's event loops: the client handler writes 64 KiB buffers while the
 * channel is writable, flushing each batch and resuming on writability; the server handler counts,
 * timed on the server, and closes the connection when it has the timed bytes.
 */
public final class NettyStream implements NativeMeasurement {
  static final int CHUNK = 64 * 1024;
  private final long warmupBytes;
  private final long timedBytes;

  public NettyStream(long warmupBytes, long timedBytes) {
    this.warmupBytes = warmupBytes;
    this.timedBytes = timedBytes;
  }

  @Override
  public String name() {
    return "stream";
  }

  @Override
  public String runtime() {
    return "netty";
  }

  @Override
  public Figures run() throws Exception {
    CompletableFuture<Figures> done = new CompletableFuture<>();
    ByteBuf chunk = Unpooled.directBuffer(CHUNK).writeZero(CHUNK);
    try (NettyLoops loops = new NettyLoops()) {
      Channel listener =
          loops
              .server(new Counter(new StreamMeter(warmupBytes, timedBytes), done))
              .bind()
              .sync()
              .channel();
      try {
        Channel client =
            loops.client(new Sender(chunk)).connect(listener.localAddress()).sync().channel();
        try {
          return done.get(Limits.JOIN.toSeconds(), TimeUnit.SECONDS);
        } finally {
          client.close().sync();
        }
      } finally {
        listener.close().sync();
      }
    } finally {
      chunk.release();
    }
  }

  /** Counts what it reads; one connection only (the meter is not shared). */
  private static final class Counter extends ChannelInboundHandlerAdapter {
    private final StreamMeter meter;
    private final CompletableFuture<Figures> done;

    Counter(StreamMeter meter, CompletableFuture<Figures> done) {
      this.meter = meter;
      this.done = done;
    }

    @Override
    public boolean isSharable() {
      return true;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      meter.begin();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      int n = buf.readableBytes();
      buf.release();
      if (meter.received(n)) {
        done.complete(meter.figures());
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      done.completeExceptionally(new java.io.EOFException("client stopped before the timed bytes"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      done.completeExceptionally(cause);
      ctx.close();
    }
  }

  /** Writes the chunk while the channel is writable, and again when it becomes writable. */
  private static final class Sender extends ChannelInboundHandlerAdapter {
    private final ByteBuf chunk;

    Sender(ByteBuf chunk) {
      this.chunk = chunk;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      pump(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      pump(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // The server closes the connection once it has its bytes; a write that meets the close is
      // the end of the stream, not a failure.
      ctx.close();
    }

    private void pump(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      while (ch.isActive() && ch.isWritable()) {
        ctx.write(chunk.retainedDuplicate(), ctx.voidPromise());
      }
      ctx.flush();
    }
  }
}
