package dev.weft.tck.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Backends;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import dev.weft.tck.WeftTck;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Certifies the built-in Netty backend. Besides every rule, the run must not leak a single ByteBuf:
 * the surefire run sets {@code io.netty.leakDetection.level=paranoid}, the backend counts every
 * "LEAK:" report Netty raises in this JVM, and any count above zero fails the class.
 */
@EnabledIf(
    value = "dev.weft.tck.certify.SelectedBackends#netty",
    disabledReason = "backend 'netty' is not in -Dweft.tck.backends (another -Pbackend was chosen)")
class NettyTckTest extends WeftTck {
  private static final Duration EVENT = Duration.ofSeconds(10);

  @BeforeAll
  static void leakCounterWorks() throws ReflectiveOperationException {
    // A hook that never fires would pass every run: prove it counts a deliberate leak first.
    assertTrue(
        (boolean) backendStatic("leakWatchSelfTest"),
        "the Netty leak counter did not see a deliberate probe leak; Netty may be logging through a"
            + " binding other than java.util.logging, so leaks would go unnoticed");
  }

  @AfterAll
  static void noBufferLeaked() throws Exception {
    // Leaks surface only when a collected buffer's tracker is polled, which happens on the next
    // tracked allocation: collect, then push some bytes through a fresh runtime, a few times.
    for (int round = 0; round < 3; round++) {
      System.gc();
      echoSomeBytes();
    }
    long leaks = (long) backendStatic("reportedLeaks");
    List<?> reports = (List<?>) backendStatic("leakReports");
    assertEquals(
        0,
        leaks,
        leaks
            + " Netty buffer leak report(s) during the TCK run; the first ones:\n"
            + String.join("\n----\n", reports.stream().map(String::valueOf).toList()));
  }

  private static void echoSomeBytes() throws Exception {
    try (AsyncRuntime rt = Backends.named("netty").open(RuntimeOptions.defaults())) {
      Listener listener = rt.listen(new InetSocketAddress("127.0.0.1", 0));
      TaskHandle<Integer> server =
          rt.spawn(
              "leak-poll-server",
              ctx -> {
                try (StreamSocket s = listener.accept(ctx)) {
                  return drain(ctx, s);
                }
              });
      rt.runBlocking(
          "leak-poll-client",
          ctx -> {
            try (StreamSocket c = rt.connect(ctx, listener.localAddress(), EVENT)) {
              for (int i = 0; i < 64; i++) {
                c.write(ctx, ByteBuffer.allocate(1024));
              }
              c.shutdownOutput();
            }
            return null;
          });
      assertEquals(64 * 1024, server.join(EVENT).value());
      listener.close();
    }
  }

  private static int drain(Context ctx, StreamSocket s) throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(4096);
    int n = 0;
    while (true) {
      buf.clear();
      int r = s.read(ctx, buf);
      if (r < 0) {
        return n;
      }
      n += r;
    }
  }

  /**
   * A public static method of the bound backend's class. The tck module sees backends at run time
   * only (through ServiceLoader), so the class comes from the provider rather than from an import.
   */
  private static Object backendStatic(String method) throws ReflectiveOperationException {
    return Backends.named("netty").getClass().getMethod(method).invoke(null);
  }

  @Override
  protected Backend backend() {
    return Backends.named("netty");
  }
}
