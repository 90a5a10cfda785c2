package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Capability;
import dev.weft.spi.Listener;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.StreamSocket;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;

/** The optional CAP- rules, binding once the backend declares the capability. */
final class CapabilityRules extends Fixture {
  CapabilityRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.optional(
            target, "CAP-IPV6", Capability.IPV6, "listen and connect work on [::1]", this::ipv6),
        Rule.optional(
            target,
            "CAP-NATIVE",
            Capability.NATIVE_TRANSPORT,
            "a native transport is used where the platform offers one",
            this::nativeTransport),
        Rule.optional(
            target,
            "CAP-BUFSIZE",
            Capability.SOCKET_BUFFER_SIZES,
            "buffer size options apply to every socket and getOption reports them",
            this::bufferSizes));
  }

  private void ipv6() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    Assumptions.assumeTrue(v6 instanceof Inet6Address);
    try (ServerSocket probe = new ServerSocket(0, 1, v6)) {
      Assumptions.assumeTrue(probe.getLocalPort() > 0, "no IPv6 loopback on this machine");
    } catch (IOException e) {
      Assumptions.abort("no IPv6 loopback on this machine: " + e);
    }
    byte[] hello = {6, 6, 6};
    try (AsyncRuntime rt = open();
        Listener listener = rt.listen(new InetSocketAddress(v6, 0))) {
      InetSocketAddress at = listener.localAddress();
      assertEquals(v6, at.getAddress(), "listener address");
      assertTrue(at.getPort() > 0, "listener port");
      try (Socket client = JdkServer.connect(at, event());
          StreamSocket accepted = rt.runBlocking("cap-ipv6-accept", listener::accept)) {
        client.getOutputStream().write(hello);
        assertArrayEquals(
            hello, rt.runBlocking("cap-ipv6-read", ctx -> BackendIo.readExactly(ctx, accepted, 3)));
        assertEquals(new InetSocketAddress(v6, client.getLocalPort()), accepted.remoteAddress());
      }
      try (ServerSocket server = new ServerSocket(0, 50, v6)) {
        InetSocketAddress target = new InetSocketAddress(v6, server.getLocalPort());
        try (StreamSocket s =
                rt.runBlocking("cap-ipv6-connect", ctx -> rt.connect(ctx, target, event()));
            Socket peer = server.accept()) {
          peer.setSoTimeout(Math.toIntExact(event().toMillis()));
          rt.runBlocking("cap-ipv6-write", ctx -> s.write(ctx, ByteBuffer.wrap(hello)));
          assertArrayEquals(hello, JdkServer.readExactly(peer, 3));
          assertEquals(target, s.remoteAddress());
        }
      }
    }
  }

  private void nativeTransport() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    Assumptions.assumeTrue(
        os.contains("linux"), "no native transport is expected on " + os + " (epoll is Linux)");
    try (AsyncRuntime rt = open()) {
      String transport = rt.transport();
      assertNotNull(transport, "transport() returned null");
      assertFalse(transport.isBlank(), "transport() is blank");
      assertFalse(
          Set.of("nio", "jdk").contains(transport.toLowerCase(Locale.ROOT)),
          () ->
              "on Linux a backend with "
                  + Capability.NATIVE_TRANSPORT
                  + " must pick a native transport (such"
                  + " as epoll or io_uring) when no transport is asked for, but transport() is '"
                  + transport
                  + "'");
    }
  }

  private void bufferSizes() throws Exception {
    int rcv = 48 * 1024;
    int snd = 40 * 1024;
    RuntimeOptions options =
        target
            .options()
            .with(RuntimeOptions.SOCKET_RECEIVE_BUFFER, Integer.toString(rcv))
            .with(RuntimeOptions.SOCKET_SEND_BUFFER, Integer.toString(snd));
    // What the kernel grants for a request (Linux doubles it), seen through a plain JDK socket.
    int grantedRcv;
    int grantedSnd;
    try (Socket probe = new Socket()) {
      probe.setReceiveBufferSize(rcv);
      probe.setSendBufferSize(snd);
      grantedRcv = probe.getReceiveBufferSize();
      grantedSnd = probe.getSendBufferSize();
    }
    try (AsyncRuntime rt = open(options);
        JdkServer server = new JdkServer();
        Listener listener = rt.listen(ephemeral());
        SocketPair connected = connectTo(rt, server);
        SocketPair accepted = acceptFrom(rt, listener)) {
      for (SocketPair p : new SocketPair[] {connected, accepted}) {
        String which = p == connected ? "connected" : "accepted";
        assertEquals(
            grantedRcv,
            p.socket().getOption(StandardSocketOptions.SO_RCVBUF),
            "SO_RCVBUF of a "
                + which
                + " socket with "
                + RuntimeOptions.SOCKET_RECEIVE_BUFFER
                + "="
                + rcv);
        assertEquals(
            grantedSnd,
            p.socket().getOption(StandardSocketOptions.SO_SNDBUF),
            "SO_SNDBUF of a "
                + which
                + " socket with "
                + RuntimeOptions.SOCKET_SEND_BUFFER
                + "="
                + snd);
      }
    }
  }
}
