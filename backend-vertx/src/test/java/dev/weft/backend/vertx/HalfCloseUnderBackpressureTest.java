package dev.weft.backend.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Listener;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

/**
 * HALF-1 with the reads paused: the peer's FIN arrives while its bytes are still queued behind a
 * reader that has not caught up, and after EOF the reader answers with more than the kernel buffers
 * hold. Neither the EOF nor the answer may be lost, and the connection must not fail.
 */
class HalfCloseUnderBackpressureTest {
  private static final int REQUEST = 1 << 20;
  private static final int ANSWER = 4 << 20;

  @RepeatedTest(2)
  void eofBehindQueuedBytesThenALargeAnswer() throws Exception {
    exchange(Duration.ofMillis(300));
  }

  @RepeatedTest(2)
  void eofWhileReadingThenALargeAnswer() throws Exception {
    exchange(Duration.ZERO);
  }

  private static void exchange(Duration readerDelay) throws Exception {
    // Small kernel buffers, so the answer cannot go out without waiting for room (EPOLLOUT).
    RuntimeOptions options =
        RuntimeOptions.builder()
            .option(RuntimeOptions.SOCKET_RECEIVE_BUFFER, "16384")
            .option(RuntimeOptions.SOCKET_SEND_BUFFER, "16384")
            // -Dweft.test.preferNative=false runs it on NIO.
            .option(
                VertxSettings.PREFER_NATIVE, System.getProperty("weft.test.preferNative", "true"))
            .build();
    try (AsyncRuntime rt = new VertxBackend().open(options)) {
      Listener listener = rt.listen(new InetSocketAddress("127.0.0.1", 0));
      TaskHandle<Long> server =
          rt.spawn(
              "late-reader",
              ctx -> {
                try (StreamSocket s = listener.accept(ctx)) {
                  // With a delay the request piles up (and the FIN arrives) before any of it is
                  // read.
                  ctx.sleep(readerDelay);
                  ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
                  long got = 0;
                  int n;
                  while ((n = s.read(ctx, buf.clear())) >= 0) {
                    got += n;
                  }
                  ByteBuffer answer = ByteBuffer.allocate(64 * 1024);
                  for (int sent = 0; sent < ANSWER; sent += answer.capacity()) {
                    s.write(ctx, answer.clear());
                  }
                  s.shutdownOutput();
                  return got;
                }
              });
      long answered =
          rt.runBlocking(
              "client",
              ctx -> {
                try (StreamSocket s =
                    rt.connect(ctx, listener.localAddress(), Duration.ofSeconds(5))) {
                  ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
                  for (int sent = 0; sent < REQUEST; sent += chunk.capacity()) {
                    s.write(ctx, chunk.clear());
                  }
                  s.shutdownOutput();
                  ByteBuffer in = ByteBuffer.allocate(8 * 1024);
                  long got = 0;
                  long nextPause = 256 * 1024;
                  int n;
                  while ((n = s.read(ctx, in.clear())) >= 0) {
                    got += n;
                    // A slow reader, so the answer has to wait for room in the kernel buffers.
                    if (got >= nextPause) {
                      ctx.sleep(Duration.ofMillis(50));
                      nextPause += 256 * 1024;
                    }
                  }
                  return got;
                }
              });
      assertEquals(REQUEST, server.join(Duration.ofSeconds(10)).value());
      assertEquals(ANSWER, answered);
    }
  }
}
