package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/** CONN-1, CONN-2 and LISTEN-1 to LISTEN-3: connecting, listening and accepting. */
final class ConnectListenRules extends Fixture {
  ConnectListenRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "CONN-1",
            "connecting where nothing listens fails with ConnectException within 1 s",
            this::refused),
        Rule.required(
            target,
            "CONN-2",
            "a connect that never completes fails with SocketTimeoutException after its timeout",
            this::connectTimeout),
        Rule.required(
            target,
            "LISTEN-1",
            "port 0 binds an ephemeral port that localAddress() reports",
            this::ephemeralPort),
        Rule.required(
            target,
            "LISTEN-2",
            "accept returns one connected socket per peer, with addresses set",
            this::accepts),
        Rule.required(
            target,
            "LISTEN-3",
            "close is idempotent, wakes a suspended accept promptly, and refuses new connections",
            this::listenerClose));
  }

  private void refused() throws Exception {
    InetSocketAddress nobody;
    try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
      nobody = new InetSocketAddress(LOOPBACK, probe.getLocalPort());
    }
    try (AsyncRuntime rt = open()) {
      Duration limit = scaled(Duration.ofSeconds(1));
      TaskHandle<Object> h =
          rt.spawn(
              "conn1",
              ctx -> {
                try (StreamSocket s = rt.connect(ctx, nobody, Duration.ofSeconds(30))) {
                  return "connected to " + s.remoteAddress();
                } catch (IOException e) {
                  return e;
                }
              });
      long t0 = System.nanoTime();
      Outcome<Object> o;
      try {
        o = h.join(limit);
      } catch (WaitTimeoutException e) {
        h.cancel();
        throw new AssertionFailedError(
            "connecting to "
                + nobody
                + " where nothing listens had not failed after "
                + limit.toMillis()
                + " ms");
      }
      long took = System.nanoTime() - t0;
      Object got = o.value();
      assertInstanceOf(
          ConnectException.class, got, () -> "connecting where nothing listens gave " + got);
      assertTrue(took <= limit.toNanos(), () -> "refused after " + millis(took) + " ms");
    }
  }

  private void connectTimeout() throws Exception {
    Optional<FullBacklog> backlog = FullBacklog.open();
    Assumptions.assumeTrue(
        backlog.isPresent(),
        "this platform completes every loopback connect, so no connect"
            + " can be made to hang (a full accept queue does not drop SYNs here)");
    try (FullBacklog full = backlog.get();
        AsyncRuntime rt = open()) {
      Duration timeout = Duration.ofMillis(300);
      Duration upper = timeout.plus(scaled(Duration.ofMillis(1700)));
      TaskHandle<Object> h =
          rt.spawn(
              "conn2",
              ctx -> {
                long t0 = System.nanoTime();
                try (StreamSocket s = rt.connect(ctx, full.address(), timeout)) {
                  return "connected to "
                      + s.remoteAddress()
                      + "; the test could not make the connect hang";
                } catch (IOException e) {
                  return new Object[] {e, System.nanoTime() - t0};
                }
              });
      Outcome<Object> o;
      try {
        o = h.join(upper.plus(event()));
      } catch (WaitTimeoutException e) {
        h.cancel();
        throw new AssertionFailedError(
            "a connect with a "
                + timeout.toMillis()
                + " ms timeout had not ended after "
                + upper.plus(event()).toMillis()
                + " ms");
      }
      Object got = o.value();
      if (!(got instanceof Object[] r)) {
        throw new AssertionFailedError(String.valueOf(got));
      }
      assertInstanceOf(
          SocketTimeoutException.class, r[0], () -> "a connect that never completes gave " + r[0]);
      long took = (Long) r[1];
      assertTrue(
          took >= timeout.toNanos(),
          () ->
              "the connect timed out after "
                  + millis(took)
                  + " ms, before its "
                  + timeout.toMillis()
                  + " ms timeout");
      assertTrue(
          took <= upper.toNanos(),
          () ->
              "the connect timed out after "
                  + millis(took)
                  + " ms; its timeout was "
                  + timeout.toMillis()
                  + " ms");
    }
  }

  private void ephemeralPort() throws Exception {
    try (AsyncRuntime rt = open();
        Listener one = rt.listen(ephemeral());
        Listener two = rt.listen(ephemeral())) {
      InetSocketAddress a = one.localAddress();
      assertNotNull(a, "localAddress() of a listener");
      assertTrue(a.getPort() > 0, () -> "listener bound to port 0 reports port " + a.getPort());
      assertEquals(LOOPBACK, a.getAddress(), "listener address");
      assertNotEquals(
          a.getPort(), two.localAddress().getPort(), "two listeners on port 0 got the same port");
      assertTrue(one.isOpen(), "a new listener is not open");
      try (Socket client = JdkServer.connect(a, event());
          StreamSocket accepted = rt.runBlocking("listen1", one::accept)) {
        assertEquals(
            a.getPort(),
            accepted.localAddress().getPort(),
            "a plain client reached the reported port");
        assertTrue(client.isConnected());
      }
    }
  }

  private void accepts() throws Exception {
    try (AsyncRuntime rt = open();
        Listener listener = rt.listen(ephemeral())) {
      List<Socket> clients = new ArrayList<>();
      List<StreamSocket> accepted = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket c = JdkServer.connect(listener.localAddress(), event());
          clients.add(c);
          c.getOutputStream().write(i);
        }
        for (int i = 0; i < 3; i++) {
          StreamSocket s = rt.runBlocking("listen2-accept-" + i, listener::accept);
          assertNotNull(s, "accept returned null");
          accepted.add(s);
        }
        Map<Integer, Socket> byPort = new HashMap<>();
        for (Socket c : clients) {
          byPort.put(c.getLocalPort(), c);
        }
        for (StreamSocket s : accepted) {
          InetSocketAddress remote = s.remoteAddress();
          InetSocketAddress local = s.localAddress();
          assertNotNull(remote, "remoteAddress() of an accepted socket");
          assertNotNull(local, "localAddress() of an accepted socket");
          assertEquals(listener.localAddress(), local, "local address of an accepted socket");
          Socket client = byPort.remove(remote.getPort());
          assertNotNull(
              client, () -> "accepted socket's remote " + remote + " is none of the clients");
          assertEquals(LOOPBACK, remote.getAddress());
          int expected = clients.indexOf(client);
          byte[] got = rt.runBlocking("listen2-read", ctx -> BackendIo.readExactly(ctx, s, 1));
          assertEquals(expected, got[0], "the accepted socket carries its own client's byte");
        }
        assertTrue(byPort.isEmpty(), () -> "clients never accepted: " + byPort.keySet());
      } finally {
        accepted.forEach(StreamSocket::close);
        for (Socket c : clients) {
          c.close();
        }
      }
    }
  }

  private void listenerClose() throws Exception {
    try (AsyncRuntime rt = open()) {
      Listener[] last = new Listener[1];
      Promptness.assertPrompt(
          "an accept suspended on a listener, on close,",
          prompt(),
          () -> {
            Listener l = rt.listen(ephemeral());
            last[0] = l;
            AtomicLong wokeAt = new AtomicLong();
            Suspended<Object> acceptor =
                spawnSuspended(
                    rt,
                    "listen3-accept",
                    ctx -> {
                      try {
                        return "accepted " + l.accept(ctx);
                      } catch (SocketClosedException e) {
                        wokeAt.set(System.nanoTime());
                        return e;
                      }
                    });
            long t0 = System.nanoTime();
            l.close();
            Object got = value(acceptor.handle(), event());
            assertInstanceOf(
                SocketClosedException.class,
                got,
                () -> "an accept suspended on a closed listener gave " + got);
            return wokeAt.get() - t0;
          });
      Listener listener = last[0];
      InetSocketAddress at = listener.localAddress();
      listener.close();
      Thread other = Thread.ofPlatform().name("tck-listen3-close").start(listener::close);
      other.join(event().toMillis());
      assertFalse(listener.isOpen(), "isOpen() after close");
      rt.runBlocking(
          "listen3-later",
          ctx -> {
            assertThrows(
                SocketClosedException.class, () -> listener.accept(ctx), "accept after close");
            return null;
          });
      try (Socket s = new Socket()) {
        s.connect(at, Math.toIntExact(event().toMillis()));
        fail("connecting to a closed listener's address " + at + " succeeded");
      } catch (ConnectException expected) {
        // refused, as the rule says
      }
    }
  }
}
