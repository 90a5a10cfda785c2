package dev.weft.backend.vertx;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** WRITE-2: a peer that never reads ends up blocking the writer; a cancel then wakes it. */
class WriteBackpressureTest {
  @Test
  void writerBlocksOnAPeerThatDoesNotRead() throws Exception {
    RuntimeOptions options =
        RuntimeOptions.builder()
            .option(RuntimeOptions.SOCKET_RECEIVE_BUFFER, "65536")
            .option(RuntimeOptions.SOCKET_SEND_BUFFER, "65536")
            .build();
    try (AsyncRuntime rt = new VertxBackend().open(options)) {
      Listener listener = rt.listen(new InetSocketAddress("127.0.0.1", 0));
      TaskHandle<StreamSocket> silent = rt.spawn("silent", listener::accept);
      AtomicLong written = new AtomicLong();
      long limit = 64L << 20;
      TaskHandle<Long> writer =
          rt.spawn(
              "writer",
              ctx -> {
                StreamSocket s = rt.connect(ctx, listener.localAddress(), Duration.ofSeconds(5));
                ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
                while (written.get() < limit) {
                  written.addAndGet(s.write(ctx, chunk.clear()));
                }
                return written.get();
              });
      assertThrows(
          WaitTimeoutException.class,
          () -> writer.join(Duration.ofSeconds(3)),
          "the writer got " + written.get() + " bytes out to a peer that reads nothing");
      long stuckAt = written.get();
      assertTrue(stuckAt < 16L << 20, "wrote " + stuckAt + " bytes before blocking");
      writer.cancel();
      assertInstanceOf(Outcome.Cancelled.class, writer.join(Duration.ofSeconds(5)));
      silent.join(Duration.ofSeconds(5)).value().close();
    }
  }
}
