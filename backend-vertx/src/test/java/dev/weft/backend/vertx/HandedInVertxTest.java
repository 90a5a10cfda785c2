package dev.weft.backend.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Listener;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * withVertx: the runtime runs on the application's event loops and leaves its Vertx running on
 * close.
 */
class HandedInVertxTest {
  @Test
  void runsOnTheApplicationsVertxAndLeavesItOpen() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      Backend backend = VertxBackend.withVertx(vertx);
      assertEquals("vertx", backend.name());
      try (AsyncRuntime rt = backend.open(RuntimeOptions.defaults())) {
        Listener listener = rt.listen(new InetSocketAddress("127.0.0.1", 0));
        TaskHandle<String> server =
            rt.spawn(
                "server",
                ctx -> {
                  try (StreamSocket s = listener.accept(ctx)) {
                    ByteBuffer buf = ByteBuffer.allocate(64);
                    s.read(ctx, buf);
                    return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
                  }
                });
        rt.runBlocking(
            "client",
            ctx -> {
              try (StreamSocket s =
                  rt.connect(ctx, listener.localAddress(), Duration.ofSeconds(5))) {
                return s.write(ctx, ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
              }
            });
        assertEquals("hello", server.join(Duration.ofSeconds(5)).value());
      }
      // Still the application's: it runs a timer after the runtime is gone.
      CompletableFuture<Boolean> fired = new CompletableFuture<>();
      vertx.setTimer(1, id -> fired.complete(Vertx.currentContext().isEventLoopContext()));
      assertTrue(fired.get(5, TimeUnit.SECONDS));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSecondListenerOnTheSamePortIsRefused() throws Exception {
    try (AsyncRuntime rt = new VertxBackend().open(RuntimeOptions.defaults())) {
      Listener first = rt.listen(new InetSocketAddress("127.0.0.1", 0));
      InetSocketAddress taken = first.localAddress();
      // Vert.x alone would share the port round-robin between the two servers.
      java.net.BindException refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              java.net.BindException.class, () -> rt.listen(taken));
      assertTrue(refused.getMessage().contains("in use"), refused.getMessage());
      first.close();
      assertFalse(first.isOpen());
    }
  }
}
