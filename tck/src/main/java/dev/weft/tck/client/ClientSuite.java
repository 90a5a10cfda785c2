package dev.weft.tck.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.Connection;
import dev.weft.client.ConnectionEvent;
import dev.weft.client.ErrorListener;
import dev.weft.client.Message;
import dev.weft.client.Options;
import dev.weft.client.Subscription;
import dev.weft.spi.Backend;
import dev.weft.spi.RuntimeOptions;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import dev.weft.testing.NatsServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/**
 * The NATS client ({@code dev.weft.client}) running on the backend under test.
 *
 * <ul>
 *   <li><b>CLIENT-MATRIX</b> against WeftServer on the backend under test and on every reference
 *       backend (so a third-party backend joins the matrix by being present): pub/sub, queue
 *       groups, headers, request/reply and no-responders, each its own test, one container per
 *       pairing.
 *   <li><b>CLIENT-NATS</b> the same scenarios against the real nats-server; skipped, saying how to
 *       enable them, when it is not installed.
 *   <li><b>CLIENT-RECONNECT</b> the server (WeftServer on a reference backend, or on the backend
 *       under test when there is none) is stopped mid-stream and started again on the same port:
 *       the client is back within 2 s of the restart, its subscriptions work, and what it published
 *       while disconnected arrives in order.
 * </ul>
 */
public final class ClientSuite {
  /** How soon after the restart the client must be connected again. */
  static final Duration RECONNECT_LIMIT = Duration.ofSeconds(2);

  private ClientSuite() {}

  public static Stream<DynamicNode> tests(TckTarget target) {
    List<DynamicNode> nodes = new ArrayList<>();
    Backend client = target.backend();
    List<Backend> serverBackends = new ArrayList<>();
    serverBackends.add(client);
    serverBackends.addAll(target.references());
    for (Backend server : serverBackends) {
      String pairing = "client on " + client.name() + " x server on " + server.name();
      RuntimeOptions serverOptions =
          server == client ? target.options() : RuntimeOptions.defaults();
      List<DynamicNode> tests = new ArrayList<>();
      for (Scenarios.Scenario s : Scenarios.ALL) {
        tests.add(
            Rule.required(
                target,
                "CLIENT-MATRIX",
                pairing + ": " + s.title(),
                () -> {
                  try (WeftServerHandle srv = WeftServerHandle.start(server, serverOptions, 0);
                      Clients clients = new Clients(client, target.options())) {
                    s.body().run(clients, srv.url(), target.timeouts().event());
                  }
                }));
      }
      nodes.add(DynamicContainer.dynamicContainer("CLIENT-MATRIX " + pairing, tests));
    }
    String natsPairing = "client on " + client.name() + " x nats-server";
    List<DynamicNode> natsTests = new ArrayList<>();
    for (Scenarios.Scenario s : Scenarios.ALL) {
      natsTests.add(
          Rule.required(
              target,
              "CLIENT-NATS",
              natsPairing + ": " + s.title(),
              () -> {
                Assumptions.assumeTrue(
                    NatsServerProcess.installed(), NatsServerProcess.HOW_TO_ENABLE);
                try (NatsServerProcess srv = NatsServerProcess.start();
                    Clients clients = new Clients(client, target.options())) {
                  s.body().run(clients, srv.url(), target.timeouts().event());
                }
              }));
    }
    nodes.add(DynamicContainer.dynamicContainer("CLIENT-NATS " + natsPairing, natsTests));
    List<Backend> restartable =
        target.references().isEmpty() ? List.of(client) : target.references();
    for (Backend server : restartable) {
      nodes.add(
          Rule.required(
              target,
              "CLIENT-RECONNECT",
              "client on "
                  + client.name()
                  + " x server on "
                  + server.name()
                  + ": server restarted mid-stream, back within "
                  + RECONNECT_LIMIT.toSeconds()
                  + " s, subscriptions restored, buffered publishes in order",
              () -> reconnect(target, server)));
    }
    return nodes.stream();
  }

  private static void reconnect(TckTarget target, Backend serverBackend) throws Exception {
    Duration wait = target.timeouts().event();
    List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    WeftServerHandle first = WeftServerHandle.start(serverBackend, RuntimeOptions.defaults(), 0);
    int port = first.port();
    WeftServerHandle second = null;
    try (Clients clients = new Clients(target.backend(), target.options())) {
      Options.Builder options =
          clients
              .options(first.url())
              .maxReconnects(Options.UNLIMITED)
              .reconnectWait(Duration.ofMillis(50), Duration.ofMillis(250))
              .reconnectJitter(Duration.ofMillis(25))
              .connectionListener((c, e, s) -> events.add(e))
              .errorListener(
                  new ErrorListener() {
                    @Override
                    public void exceptionOccurred(Connection connection, Throwable error) {
                      // Refused attempts while the server is down are the point of the test.
                    }
                  });
      Connection c = clients.connect(options);
      Subscription sub = c.subscribe("tck.stream");
      sub.setPendingLimits(0, 0);
      int seq = 0;
      for (; seq < 100; seq++) {
        c.publish("tck.stream", Scenarios.bytes(String.valueOf(seq)));
      }
      c.flush(wait);
      first.close();
      until(
          wait,
          () -> events.contains(ConnectionEvent.DISCONNECTED),
          () -> "no DISCONNECTED; events " + events);
      int firstBuffered = seq;
      for (; seq < firstBuffered + 200; seq++) {
        c.publish("tck.stream", Scenarios.bytes(String.valueOf(seq)));
      }
      second = WeftServerHandle.start(serverBackend, RuntimeOptions.defaults(), port);
      long restarted = System.nanoTime();
      // 2 s on an ordinary machine; -Dweft.tck.timeoutScale stretches it on a slow one.
      Duration limit = target.timeouts().scaled(RECONNECT_LIMIT);
      // The RECONNECTED event is the client's own word that it is back; its status turns
      // CONNECTED a moment earlier, before the listener has been told.
      until(
          limit,
          () -> events.contains(ConnectionEvent.RECONNECTED),
          () -> "no RECONNECTED within " + limit + " of the restart; events " + events);
      long took = System.nanoTime() - restarted;
      assertTrue(took <= limit.toNanos(), "reconnect took " + took / 1_000_000 + " ms");
      assertEquals(Connection.Status.CONNECTED, c.status(), "status after RECONNECTED");
      // Everything before the stop was flushed, so it was delivered before the stop.
      for (int i = 0; i < firstBuffered; i++) {
        Message m = sub.next(wait);
        assertNotNull(m, "message " + i + " sent before the stop is missing");
        assertEquals(String.valueOf(i), m.text());
      }
      for (int i = firstBuffered; i < seq; i++) {
        Message m = sub.next(wait);
        assertNotNull(m, "buffered message " + i + " did not arrive after the reconnect");
        assertEquals(String.valueOf(i), m.text(), "buffered publishes out of order");
      }
      c.publish("tck.stream", Scenarios.bytes("after"));
      Message after = sub.next(wait);
      assertNotNull(after, "the restored subscription gets nothing new");
      assertEquals("after", after.text());
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  private static void until(
      Duration within, BooleanSupplier condition, java.util.function.Supplier<String> what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionFailedError(what.get());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }
}
