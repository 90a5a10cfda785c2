package dev.weft.bench.natives;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One Vert.x instance for both ends, configured as the Vert.x backend configures the one it owns by
 * default: an event loop per CPU, native transport preferred; TCP_NODELAY on both ends.
 */
final class VertxNet implements AutoCloseable {
  final Vertx vertx =
      Vertx.vertx(
          new VertxOptions()
              .setEventLoopPoolSize(Math.max(1, Runtime.getRuntime().availableProcessors()))
              .setPreferNativeTransport(true));

  NetServer server() {
    return vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setTcpNoDelay(true));
  }

  NetClient client() {
    return vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
  }

  /** Waits for a Vert.x future from a thread that is not one of its event loops. */
  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Closes Vert.x and waits for it; an interrupt is kept for the caller, not thrown. */
  @Override
  public void close() throws IOException {
    try {
      await(vertx.close());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IOException("closing Vert.x failed", e);
    }
  }
}
