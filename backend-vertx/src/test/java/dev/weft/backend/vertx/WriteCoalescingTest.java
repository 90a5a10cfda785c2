package dev.weft.backend.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Listener;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Write calls that outpace the event loop leave as one batch: one hand-off, one flush. */
class WriteCoalescingTest {
  private static final Duration EVENT = Duration.ofSeconds(10);

  @Test
  void writeCallsMadeWhileTheLoopIsBusyLeaveWithOneFlush() throws Exception {
    try (AsyncRuntime rt = new VertxBackend().open(RuntimeOptions.defaults())) {
      Listener listener = rt.listen(new InetSocketAddress("127.0.0.1", 0));
      TaskHandle<StreamSocket> acceptor = rt.spawn("acceptor", listener::accept);
      StreamSocket client =
          rt.runBlocking("connect", ctx -> rt.connect(ctx, listener.localAddress(), EVENT));
      StreamSocket server = acceptor.join(EVENT).value();
      Channel ch = ((VertxSocket) client).channel();
      AtomicInteger flushes = new AtomicInteger();
      ch.eventLoop()
          .submit(
              () ->
                  ch.pipeline()
                      .addFirst(
                          new ChannelOutboundHandlerAdapter() {
                            @Override
                            public void flush(ChannelHandlerContext ctx) {
                              flushes.incrementAndGet();
                              ctx.flush();
                            }
                          }))
          .get(10, TimeUnit.SECONDS);
      // Hold the client's loop so that every call below is queued before any drain runs.
      CountDownLatch loopHeld = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ch.eventLoop()
          .execute(
              () -> {
                loopHeld.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      assertTrue(loopHeld.await(10, TimeUnit.SECONDS));
      int calls = 200;
      rt.runBlocking(
          "writer",
          ctx -> {
            for (int i = 0; i < calls; i++) {
              client.write(ctx, ByteBuffer.wrap(new byte[] {(byte) i}));
            }
            return null;
          });
      release.countDown();
      byte[] got =
          rt.runBlocking(
              "reader",
              ctx -> {
                ByteBuffer in = ByteBuffer.allocate(calls);
                while (in.hasRemaining()) {
                  assertTrue(server.read(ctx, in) >= 0, "EOF before every byte arrived");
                }
                return in.array();
              });
      for (int i = 0; i < calls; i++) {
        assertEquals((byte) i, got[i], "byte " + i);
      }
      assertEquals(
          1,
          flushes.get(),
          calls + " write calls made while the loop was busy should leave in one batch");
      client.close();
      server.close();
    }
  }
}
