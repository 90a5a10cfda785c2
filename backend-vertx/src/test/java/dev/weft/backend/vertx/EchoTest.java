package dev.weft.backend.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Listener;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A megabyte through a listener and back, with half-close in both directions. */
class EchoTest {
  @Test
  void echoesEveryByteThenEof() throws Exception {
    byte[] payload = new byte[1 << 20];
    new Random(7).nextBytes(payload);
    try (AsyncRuntime rt = new VertxBackend().open(RuntimeOptions.defaults())) {
      assertEquals("epoll", rt.transport(), "epoll is on the class path and preferred by default");
      Listener listener = rt.listen(new InetSocketAddress("127.0.0.1", 0));
      TaskHandle<Long> server =
          rt.spawn(
              "echo-server",
              ctx -> {
                try (StreamSocket s = listener.accept(ctx)) {
                  ByteBuffer buf = ByteBuffer.allocate(8192);
                  long echoed = 0;
                  while (s.read(ctx, buf.clear()) >= 0) {
                    buf.flip();
                    echoed += s.write(ctx, buf);
                  }
                  s.shutdownOutput();
                  return echoed;
                }
              });
      byte[] received =
          rt.runBlocking(
              "echo-client",
              ctx -> {
                try (StreamSocket s =
                    rt.connect(ctx, listener.localAddress(), Duration.ofSeconds(5))) {
                  assertTrue(
                      s.getOption(StandardSocketOptions.TCP_NODELAY),
                      "TCP_NODELAY is on by default");
                  ByteArrayOutputStream out = new ByteArrayOutputStream();
                  ByteBuffer in = ByteBuffer.allocate(4096);
                  // Write in slices while reading back, so neither side's buffers fill up.
                  for (int off = 0; off < payload.length; off += 65536) {
                    s.write(
                        ctx, ByteBuffer.wrap(payload, off, Math.min(65536, payload.length - off)));
                    while (out.size() < off - 4 * 65536) {
                      int n = s.read(ctx, in.clear());
                      out.write(in.array(), 0, n);
                    }
                  }
                  s.shutdownOutput();
                  int n;
                  while ((n = s.read(ctx, in.clear())) >= 0) {
                    out.write(in.array(), 0, n);
                  }
                  return out.toByteArray();
                }
              });
      assertArrayEquals(payload, received);
      assertEquals((long) payload.length, server.join(Duration.ofSeconds(5)).value());
      listener.close();
    }
  }
}
