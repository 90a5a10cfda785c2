package dev.weft.backend.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Listener;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.StreamSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SHUT-5: after close() returns, no event loop, acceptor, checker or task thread of the runtime is
 * alive.
 */
class CloseLeavesNoThreadsTest {
  @Test
  void closeJoinsEveryThread() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    AtomicReference<Thread> taskThread = new AtomicReference<>();
    AsyncRuntime rt = new VertxBackend().open(RuntimeOptions.defaults());
    Listener listener = rt.listen(new InetSocketAddress("127.0.0.1", 0));
    rt.spawn(
        "acceptor",
        ctx -> {
          taskThread.set(Thread.currentThread());
          return listener.accept(ctx);
        });
    rt.runBlocking(
        "client",
        ctx -> {
          StreamSocket s = rt.connect(ctx, listener.localAddress(), Duration.ofSeconds(5));
          s.write(ctx, ByteBuffer.wrap(new byte[] {1, 2, 3}));
          ctx.sleep(Duration.ofMillis(5));
          return null;
        });
    rt.close();
    List<String> leftover =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !before.contains(t) && t.isAlive())
            .map(Thread::getName)
            .filter(n -> n.startsWith("vert.x-") || n.startsWith("vertx-"))
            .collect(Collectors.toList());
    assertEquals(List.of(), leftover);
    assertFalse(taskThread.get().isAlive(), "the task's virtual thread still runs");
    rt.close();
  }
}
