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
 * The STRESS-3 shape on one connection: the client half-closes while the echo is still flowing and
 * reads slowly, so the server keeps writing into full kernel buffers after its input has ended.
 * Every byte must come back before EOF.
 */
class EchoAfterHalfCloseTest {
  private static final int BYTES = 4 << 20;

  @RepeatedTest(3)
  void everyByteComesBackAfterTheClientsFin() throws Exception {
    // -Dweft.test.preferNative=false runs it on NIO.
    RuntimeOptions options =
        RuntimeOptions.defaults()
            .with(
                VertxSettings.PREFER_NATIVE, System.getProperty("weft.test.preferNative", "true"));
    try (AsyncRuntime rt = new VertxBackend().open(options)) {
      Listener listener = rt.listen(new InetSocketAddress("127.0.0.1", 0));
      TaskHandle<Long> echo =
          rt.spawn(
              "echo",
              ctx -> {
                try (StreamSocket s = listener.accept(ctx)) {
                  ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
                  long echoed = 0;
                  while (s.read(ctx, buf.clear()) >= 0) {
                    buf.flip();
                    echoed += s.write(ctx, buf);
                  }
                  s.shutdownOutput();
                  return echoed;
                }
              });
      long back =
          rt.runBlocking(
              "client",
              ctx -> {
                try (StreamSocket s =
                    rt.connect(ctx, listener.localAddress(), Duration.ofSeconds(5))) {
                  TaskHandle<Void> writer =
                      rt.spawn(
                          "writer",
                          c -> {
                            ByteBuffer chunk = ByteBuffer.allocate(32 * 1024);
                            for (int sent = 0; sent < BYTES; sent += chunk.capacity()) {
                              s.write(c, chunk.clear());
                            }
                            s.shutdownOutput();
                            return null;
                          });
                  ByteBuffer in = ByteBuffer.allocate(8 * 1024);
                  long got = 0;
                  long nextPause = 512 * 1024;
                  int n;
                  while ((n = s.read(ctx, in.clear())) >= 0) {
                    got += n;
                    if (got >= nextPause) {
                      ctx.sleep(Duration.ofMillis(30));
                      nextPause += 512 * 1024;
                    }
                  }
                  writer.join(Duration.ofSeconds(10)).value();
                  return got;
                }
              });
      assertEquals(
          BYTES,
          back,
          "bytes echoed back before EOF; the echo task ended with "
              + echo.join(Duration.ofSeconds(5)));
    }
  }
}
