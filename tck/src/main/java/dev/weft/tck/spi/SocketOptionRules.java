package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Listener;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** SOCK-1 and SOCK-2: what every socket is set up with: TCP_NODELAY and its addresses. */
final class SocketOptionRules extends Fixture {
  SocketOptionRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(target, "SOCK-1", "TCP_NODELAY is on by default", this::noDelay),
        Rule.required(
            target,
            "SOCK-2",
            "local and remote addresses are set on both sides and still answer after close",
            this::addresses));
  }

  private void noDelay() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        Listener listener = rt.listen(ephemeral());
        SocketPair connected = connectTo(rt, server);
        SocketPair accepted = acceptFrom(rt, listener)) {
      assertEquals(
          Boolean.TRUE,
          connected.socket().getOption(StandardSocketOptions.TCP_NODELAY),
          "TCP_NODELAY of a connected socket");
      assertEquals(
          Boolean.TRUE,
          accepted.socket().getOption(StandardSocketOptions.TCP_NODELAY),
          "TCP_NODELAY of an accepted socket");
      // Seen from the wire too: with Nagle on, write-write-read stalls each round on a delayed ACK.
      connected.peer().setTcpNoDelay(true);
      int rounds = 100;
      FutureTask<Void> echo =
          new FutureTask<>(
              () -> {
                for (int i = 0; i < rounds; i++) {
                  JdkServer.readExactly(connected.peer(), 2);
                  connected.peer().getOutputStream().write(1);
                }
                return null;
              });
      Thread.ofPlatform().name("tck-sock1-peer").daemon(true).start(echo);
      long took =
          rt.runBlocking(
              "sock1-rounds",
              ctx -> {
                long t0 = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                  connected.socket().write(ctx, ByteBuffer.wrap(new byte[] {1}));
                  connected.socket().write(ctx, ByteBuffer.wrap(new byte[] {2}));
                  BackendIo.readExactly(ctx, connected.socket(), 1);
                }
                return System.nanoTime() - t0;
              });
      echo.get(event().toMillis(), TimeUnit.MILLISECONDS);
      Duration limit = scaled(Duration.ofSeconds(2));
      assertTrue(
          took <= limit.toNanos(),
          () ->
              rounds
                  + " write-write-read rounds took "
                  + millis(took)
                  + " ms: small writes are being delayed (Nagle)");
    }
  }

  private void addresses() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        Listener listener = rt.listen(ephemeral())) {
      SocketPair connected = connectTo(rt, server);
      SocketPair accepted = acceptFrom(rt, listener);
      try (connected;
          accepted) {
        InetSocketAddress cLocal = connected.socket().localAddress();
        InetSocketAddress cRemote = connected.socket().remoteAddress();
        assertEquals(
            new InetSocketAddress(LOOPBACK, connected.peer().getPort()),
            cLocal,
            "local address of a connected socket");
        assertEquals(server.address(), cRemote, "remote address of a connected socket");
        InetSocketAddress aLocal = accepted.socket().localAddress();
        InetSocketAddress aRemote = accepted.socket().remoteAddress();
        assertEquals(listener.localAddress(), aLocal, "local address of an accepted socket");
        assertEquals(
            new InetSocketAddress(LOOPBACK, accepted.peer().getLocalPort()),
            aRemote,
            "remote address of an accepted socket");
        connected.socket().close();
        accepted.socket().close();
        assertEquals(cLocal, connected.socket().localAddress(), "local address after close");
        assertEquals(cRemote, connected.socket().remoteAddress(), "remote address after close");
        assertEquals(aLocal, accepted.socket().localAddress(), "local address after close");
        assertEquals(aRemote, accepted.socket().remoteAddress(), "remote address after close");
      }
    }
  }
}
