package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backends;
import dev.weft.spi.RuntimeOptions;
import dev.weft.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Protocol behaviour checked against a scripted fake server and against a WeftServer that goes
 * away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionBehaviourTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private AsyncRuntime runtime;

  @BeforeAll
  void open() {
    runtime = Backends.named("loom").open(RuntimeOptions.defaults());
  }

  @AfterAll
  void close() {
    runtime.close();
  }

  /** Records events and errors. */
  static final class Recorder implements ConnectionListener, ErrorListener {
    final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    final List<String> serverErrors = new CopyOnWriteArrayList<>();
    final List<Throwable> exceptions = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(Connection connection, ConnectionEvent event, ServerAddress server) {
      events.add(event);
    }

    @Override
    public void serverError(Connection connection, String text) {
      serverErrors.add(text);
    }

    @Override
    public void exceptionOccurred(Connection connection, Throwable error) {
      exceptions.add(error);
    }
  }

  private Options.Builder options(String url, Recorder r) {
    return Options.builder()
        .server(url)
        .runtime(runtime)
        .connectionListener(r)
        .errorListener(r)
        .reconnectWait(Duration.ofMillis(20), Duration.ofMillis(100))
        .reconnectJitter(Duration.ZERO)
        .connectTimeout(Duration.ofSeconds(1));
  }

  @Test
  void connectSendsWhatNatsServerExpects() throws Exception {
    try (FakeServer fake =
        new FakeServer(
            (p, i) -> {
              p.handshake();
              p.ignoreAll();
            })) {
      Recorder r = new Recorder();
      String url =
          "nats://alice:pa%22ss@127.0.0.1:" + fake.url().substring(fake.url().lastIndexOf(':') + 1);
      try (Connection c =
          Connection.connect(options(url, r).name("my \"app\"").echo(false).build())) {
        String connect = fake.peers.get(0).connect;
        assertTrue(connect.startsWith("CONNECT {"), connect);
        for (String field :
            List.of(
                "\"verbose\":false",
                "\"pedantic\":false",
                "\"protocol\":1",
                "\"headers\":true",
                "\"no_responders\":true",
                "\"lang\":\"java-weft\"",
                "\"echo\":false",
                "\"name\":\"my \\\"app\\\"\"",
                "\"user\":\"alice\"",
                "\"pass\":\"pa\\\"ss\"")) {
          assertTrue(connect.contains(field), field + " missing in " + connect);
        }
        assertEquals(1_048_576, c.maxPayload());
        assertEquals(List.of(ConnectionEvent.CONNECTED), r.events);
      }
    }
  }

  @Test
  void unansweredPingsMakeTheConnectionStaleAndItIsRemade() throws Exception {
    try (FakeServer fake =
        new FakeServer(
            (p, i) -> {
              p.handshake();
              p.ignoreAll();
            })) {
      Recorder r = new Recorder();
      try (Connection c =
          Connection.connect(
              options(fake.url(), r).pingInterval(Duration.ofMillis(100)).maxPingsOut(2).build())) {
        Eventually.until(
            WAIT, () -> "events " + r.events, () -> r.events.contains(ConnectionEvent.RECONNECTED));
        assertTrue(
            r.exceptions.stream().anyMatch(e -> String.valueOf(e.getMessage()).contains("stale")),
            "errors " + r.exceptions);
        assertTrue(fake.accepted() >= 2);
        assertTrue(c.reconnects() >= 1);
      }
    }
  }

  @Test
  void serverPingsAreAnswered() throws Exception {
    List<String> answers = new CopyOnWriteArrayList<>();
    try (FakeServer fake =
        new FakeServer(
            (p, i) -> {
              p.handshake();
              p.send("PING\r\n");
              answers.add(p.readLine());
              p.ignoreAll();
            })) {
      try (Connection c = Connection.connect(options(fake.url(), new Recorder()).build())) {
        Eventually.until(WAIT, () -> "no answer to the server's PING", () -> !answers.isEmpty());
        assertEquals("PONG", answers.get(0));
      }
    }
  }

  @Test
  void fatalServerErrorDropsTheSocketAndReconnects() throws Exception {
    try (FakeServer fake =
        new FakeServer(
            (p, i) -> {
              p.handshake();
              if (i == 0) {
                p.send("-ERR 'Stale Connection'\r\n");
              }
              p.ignoreAll();
            })) {
      Recorder r = new Recorder();
      try (Connection c = Connection.connect(options(fake.url(), r).build())) {
        Eventually.until(
            WAIT, () -> "events " + r.events, () -> r.events.contains(ConnectionEvent.RECONNECTED));
        assertEquals(List.of("Stale Connection"), r.serverErrors);
        assertEquals(
            List.of(
                ConnectionEvent.CONNECTED,
                ConnectionEvent.DISCONNECTED,
                ConnectionEvent.RECONNECTED),
            r.events);
        assertEquals("Stale Connection", c.lastServerError());
      }
    }
  }

  @Test
  void authorizationViolationFailsConnect() throws Exception {
    try (FakeServer fake =
        new FakeServer(
            (p, i) -> {
              p.send(
                  "INFO {\"server_id\":\"fake\",\"auth_required\":true,\"headers\":true,\"max_payload\":1024} \r\n");
              p.readLine();
              p.send("-ERR 'Authorization Violation'\r\n");
            })) {
      AuthorizationException e =
          assertThrows(
              AuthorizationException.class,
              () -> Connection.connect(options(fake.url(), new Recorder()).token("bad").build()));
      assertEquals("Authorization Violation", e.getMessage());
    }
  }

  @Test
  void givingUpAfterMaxReconnectsClosesTheConnection() throws Exception {
    Recorder r = new Recorder();
    EmbeddedWeftServer server = new EmbeddedWeftServer();
    server.start();
    Connection c;
    try {
      c = Connection.connect(options(server.url(), r).maxReconnects(2).build());
    } finally {
      server.stop();
    }
    // The status turns CLOSED a moment before the listener hears CLOSED.
    Eventually.until(
        WAIT,
        () -> "events " + r.events,
        () -> c.status() == Connection.Status.CLOSED && r.events.contains(ConnectionEvent.CLOSED));
    assertEquals(
        List.of(ConnectionEvent.CONNECTED, ConnectionEvent.DISCONNECTED, ConnectionEvent.CLOSED),
        r.events);
    assertThrows(ClientException.class, () -> c.publish("x", new byte[1]));
    c.close();
  }

  @Test
  void publishesBeyondTheReconnectBufferAreRefused() throws Exception {
    Recorder r = new Recorder();
    EmbeddedWeftServer server = new EmbeddedWeftServer();
    server.start();
    try (Connection c =
        Connection.connect(
            options(server.url(), r)
                .maxReconnects(Options.UNLIMITED)
                .reconnectBufferBytes(1000)
                .build())) {
      server.stop();
      Eventually.until(
          WAIT, () -> "events " + r.events, () -> c.status() == Connection.Status.RECONNECTING);
      int accepted = 0;
      ClientException full = null;
      for (int i = 0; i < 100 && full == null; i++) {
        try {
          c.publish("buffered", new byte[100]);
          accepted++;
        } catch (ClientException e) {
          full = e;
        }
      }
      assertTrue(
          full != null && full.getMessage().contains("reconnect buffer full"),
          String.valueOf(full));
      assertTrue(accepted >= 6 && accepted < 10, "accepted " + accepted);
    }
  }

  @Test
  void retryOnFailedConnectWaitsForTheServerToComeUp() throws Exception {
    EmbeddedWeftServer server = new EmbeddedWeftServer();
    server.start();
    server.stop();
    Recorder r = new Recorder();
    java.util.concurrent.CompletableFuture<Connection> connecting =
        new java.util.concurrent.CompletableFuture<>();
    Options o =
        options(server.url(), r)
            .retryOnFailedConnect(true)
            .maxReconnects(Options.UNLIMITED)
            .build();
    Thread t =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    connecting.complete(Connection.connect(o));
                  } catch (Exception e) {
                    connecting.completeExceptionally(e);
                  }
                });
    try {
      Eventually.until(WAIT, () -> "no failed attempt reported", () -> !r.exceptions.isEmpty());
      assertTrue(!connecting.isDone(), "connect must still be waiting");
      server.start();
      try (Connection c = connecting.get(5, TimeUnit.SECONDS)) {
        assertEquals(Connection.Status.CONNECTED, c.status());
        assertEquals(ConnectionEvent.CONNECTED, r.events.get(0));
      }
    } finally {
      t.join(5000);
      server.stop();
    }
  }

  @Test
  void aHandlerMayCloseItsOwnConnection() throws Exception {
    EmbeddedWeftServer server = new EmbeddedWeftServer();
    server.start();
    try {
      Recorder r = new Recorder();
      Connection c =
          Connection.connect(
              Options.builder()
                  .server(server.url())
                  .backend(Backends.named("loom"))
                  .connectionListener(r)
                  .build());
      c.subscribe("close.me", m -> c.close());
      c.publish("close.me", new byte[0]);
      assertTrue(c.awaitClosed(WAIT));
      assertEquals(Connection.Status.CLOSED, c.status());
      Eventually.until(
          WAIT, () -> "events " + r.events, () -> r.events.contains(ConnectionEvent.CLOSED));
      AsyncRuntime own = c.runtime();
      Eventually.until(
          WAIT,
          () -> "the client's own runtime was not closed",
          () -> {
            try {
              own.spawn("probe", ctx -> null);
              return false;
            } catch (dev.weft.spi.RuntimeShutdownException e) {
              return true;
            }
          });
    } finally {
      server.stop();
    }
  }

  @Test
  void ownedRuntimeIsClosedWithTheConnection() throws Exception {
    EmbeddedWeftServer server = new EmbeddedWeftServer();
    server.start();
    try {
      Connection c =
          Connection.connect(
              Options.builder().server(server.url()).backend(Backends.named("loom")).build());
      AsyncRuntime own = c.runtime();
      c.close();
      assertThrows(
          dev.weft.spi.RuntimeShutdownException.class, () -> own.spawn("late", ctx -> null));
    } finally {
      server.stop();
    }
  }
}
