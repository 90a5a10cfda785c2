package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backends;
import dev.weft.spi.RuntimeOptions;
import dev.weft.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What the client must do against any NATS server. Each subclass supplies the server: Weft's own on
 * Loom, and the real nats-server. Every connection runs on one shared Loom runtime, handed to the
 * client as an application would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ClientScenarios {
  static final Duration WAIT = Duration.ofSeconds(5);

  TestServer server;
  AsyncRuntime runtime;
  final List<Connection> opened = new CopyOnWriteArrayList<>();

  /** A fresh, not yet started server; called for the shared one and for tests that stop theirs. */
  abstract TestServer newServer(String token);

  /** Skips the class, with the reason, when its server cannot run here. */
  void assumeServerAvailable() {}

  @BeforeAll
  void startServer() throws IOException {
    assumeServerAvailable();
    runtime = Backends.named("loom").open(RuntimeOptions.defaults());
    server = newServer(null);
    server.start();
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.stop();
    }
    if (runtime != null) {
      runtime.close();
    }
  }

  @AfterEach
  void closeConnections() {
    opened.forEach(Connection::close);
    opened.clear();
  }

  Options.Builder options(String url) {
    return Options.builder().server(url).runtime(runtime);
  }

  Connection connect() throws IOException, InterruptedException {
    return connect(options(server.url()));
  }

  Connection connect(Options.Builder b) throws IOException, InterruptedException {
    Connection c = Connection.connect(b.build());
    opened.add(c);
    return c;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void blockingSubscriptionReceivesInOrder() throws Exception {
    Connection c = connect();
    Subscription s = c.subscribe("order.test");
    for (int i = 0; i < 50; i++) {
      c.publish("order.test", bytes("m" + i));
    }
    for (int i = 0; i < 50; i++) {
      Message m = s.next(WAIT);
      assertNotNull(m, "message " + i);
      assertEquals("m" + i, m.text());
      assertEquals("order.test", m.subject());
    }
    assertNull(s.next(Duration.ofMillis(50)));
  }

  @Test
  void blockingSubscriptionFromATask() throws Exception {
    Connection c = connect();
    Subscription s = c.subscribe("task.next");
    c.flush(WAIT);
    c.publish("task.next", bytes("hi"));
    Message m = runtime.runBlocking("reader", ctx -> s.next(ctx, WAIT));
    assertEquals("hi", m.text());
    assertNull(runtime.runBlocking("reader2", ctx -> s.next(ctx, Duration.ofMillis(50))));
  }

  @Test
  void handlerSubscriptionWithWildcardsAcrossConnections() throws Exception {
    Connection sub = connect();
    Connection pub = connect();
    List<String> got = new CopyOnWriteArrayList<>();
    CountDownLatch all = new CountDownLatch(20);
    sub.subscribe(
        "wild.>",
        m -> {
          got.add(m.subject() + "=" + m.text());
          all.countDown();
        });
    sub.flush(WAIT);
    for (int i = 0; i < 20; i++) {
      pub.publish("wild." + (i % 2 == 0 ? "a" : "b.c"), bytes(String.valueOf(i)));
    }
    assertTrue(all.await(5, TimeUnit.SECONDS), "received " + got);
    assertEquals("wild.a=0", got.get(0));
    assertEquals("wild.b.c=1", got.get(1));
  }

  @Test
  void aSlowHandlerDoesNotBlockOtherSubscriptions() throws Exception {
    Connection c = connect();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch slowEntered = new CountDownLatch(1);
    AtomicInteger fast = new AtomicInteger();
    c.subscribe(
        "slow.one",
        m -> {
          slowEntered.countDown();
          release.await();
        });
    c.subscribe("fast.one", m -> fast.incrementAndGet());
    c.flush(WAIT);
    c.publish("slow.one", bytes("block"));
    assertTrue(slowEntered.await(5, TimeUnit.SECONDS));
    for (int i = 0; i < 100; i++) {
      c.publish("fast.one", bytes("x"));
    }
    Eventually.until(WAIT, () -> "fast handler got " + fast.get(), () -> fast.get() == 100);
    release.countDown();
  }

  @Test
  void queueGroupSplitsWhilePlainSubscribersGetAll() throws Exception {
    Connection c1 = connect();
    Connection c2 = connect();
    Connection pub = connect();
    Subscription q1 = c1.subscribe("work", "grp");
    Subscription q2 = c2.subscribe("work", "grp");
    Subscription plain = c2.subscribe("work");
    c1.flush(WAIT);
    c2.flush(WAIT);
    int n = 100;
    for (int i = 0; i < n; i++) {
      pub.publish("work", bytes(String.valueOf(i)));
    }
    pub.flush(WAIT);
    Set<String> seen = Collections.synchronizedSet(new HashSet<>());
    int plainCount = 0;
    for (int i = 0; i < n; i++) {
      assertNotNull(plain.next(WAIT));
      plainCount++;
    }
    Eventually.until(
        WAIT,
        () -> "queue members hold " + q1.pendingMessages() + "+" + q2.pendingMessages(),
        () -> q1.pendingMessages() + q2.pendingMessages() == n);
    for (Subscription q : List.of(q1, q2)) {
      Message m;
      while ((m = q.next(Duration.ZERO)) != null) {
        assertTrue(seen.add(m.text()), "delivered twice: " + m.text());
      }
    }
    assertEquals(n, seen.size());
    assertEquals(n, plainCount);
    assertNull(q1.next(Duration.ofMillis(50)));
  }

  @Test
  void headersKeepRepeatedKeysAndCase() throws Exception {
    Connection c = connect();
    Subscription s = c.subscribe("hdr");
    Headers h =
        new Headers().add("X-Trace", "1").add("x-trace", "2").add("X-Trace", "3").add("Empty", "");
    c.publish("hdr", "reply.to", h, bytes("body"));
    Message m = s.next(WAIT);
    assertNotNull(m);
    assertEquals("body", m.text());
    assertEquals("reply.to", m.replyTo());
    assertEquals(List.of("1", "3"), m.headers().getAll("X-Trace"));
    assertEquals(List.of("2"), m.headers().getAll("x-trace"));
    assertEquals("", m.headers().get("Empty"));
    assertEquals(h, m.headers());
    c.publish("hdr", new Headers(), new byte[0]);
    Message empty = s.next(WAIT);
    assertNotNull(empty.headers());
    assertEquals(0, empty.headers().size());
    assertEquals(0, empty.data().length);
  }

  @Test
  void requestReplyFromThreadsAndTasks() throws Exception {
    Connection responder = connect();
    Connection requester = connect();
    responder.subscribe("svc.echo", m -> responder.publish(m.replyTo(), bytes("re:" + m.text())));
    responder.flush(WAIT);
    assertEquals("re:a", requester.request("svc.echo", bytes("a"), WAIT).text());
    Message fromTask =
        runtime.runBlocking(
            "requester", ctx -> requester.request(ctx, "svc.echo", null, bytes("b"), WAIT));
    assertEquals("re:b", fromTask.text());
    // Many concurrent requests share the one inbox subscription.
    List<Thread> threads = new ArrayList<>();
    AtomicInteger ok = new AtomicInteger();
    for (int t = 0; t < 4; t++) {
      int id = t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < 25; i++) {
                      try {
                        String q = id + "-" + i;
                        if (requester
                            .request("svc.echo", bytes(q), WAIT)
                            .text()
                            .equals("re:" + q)) {
                          ok.incrementAndGet();
                        }
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(100, ok.get());
  }

  @Test
  void noRespondersFailsFastWithItsOwnException() throws Exception {
    Connection c = connect();
    long start = System.nanoTime();
    NoRespondersException e =
        assertThrows(
            NoRespondersException.class,
            () -> c.request("nobody.home", bytes("?"), Duration.ofSeconds(10)));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "503 should come at once");
    assertTrue(e.getMessage().contains("nobody.home"), e.getMessage());
  }

  @Test
  void requestWithoutReplyTimesOut() throws Exception {
    Connection c = connect();
    c.subscribe("silent", m -> {});
    c.flush(WAIT);
    assertThrows(
        ClientTimeoutException.class,
        () -> c.request("silent", bytes("?"), Duration.ofMillis(200)));
  }

  @Test
  void unsubscribeWithMaxStopsAfterThatManyInAll() throws Exception {
    Connection c = connect();
    Subscription s = c.subscribe("max.test");
    c.publish("max.test", bytes("0"));
    c.flush(WAIT);
    Eventually.until(WAIT, () -> "first delivery", () -> s.delivered() == 1);
    s.unsubscribe(3);
    for (int i = 1; i < 10; i++) {
      c.publish("max.test", bytes(String.valueOf(i)));
    }
    c.flush(WAIT);
    assertEquals("0", s.next(WAIT).text());
    assertEquals("1", s.next(WAIT).text());
    assertEquals("2", s.next(WAIT).text());
    assertThrows(IllegalStateException.class, () -> s.next(Duration.ofMillis(100)));
    assertFalse(s.isActive());
    assertEquals(3, s.delivered());
  }

  @Test
  void unsubscribeStopsDelivery() throws Exception {
    Connection c = connect();
    Subscription s = c.subscribe("unsub.test");
    Subscription witness = c.subscribe("unsub.test");
    s.unsubscribe();
    c.publish("unsub.test", bytes("x"));
    assertNotNull(witness.next(WAIT));
    assertThrows(IllegalStateException.class, () -> s.next(Duration.ofMillis(10)));
    assertEquals(0, s.delivered());
    s.unsubscribe();
  }

  @Test
  void flushMeansTheServerHasIt() throws Exception {
    Connection sub = connect();
    Connection pub = connect();
    Subscription s = sub.subscribe("flush.test");
    sub.flush(WAIT);
    for (int i = 0; i < 1000; i++) {
      pub.publish("flush.test", bytes("x"));
    }
    pub.flush(WAIT);
    sub.flush(WAIT);
    // Both round trips done: the server delivered every message before answering sub's PING.
    assertEquals(1000, s.delivered());
  }

  @Test
  void drainDeliversWhatIsBufferedThenCloses() throws Exception {
    Connection c = connect();
    AtomicInteger handled = new AtomicInteger();
    c.subscribe(
        "drain.test",
        m -> {
          Thread.sleep(1);
          handled.incrementAndGet();
        });
    Subscription blocking = c.subscribe("drain.test");
    c.flush(WAIT);
    for (int i = 0; i < 50; i++) {
      c.publish("drain.test", bytes("d"));
    }
    // A blocking subscription is drained once its reader has taken every buffered message.
    AtomicInteger taken = new AtomicInteger();
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    while (true) {
                      if (blocking.next(WAIT) != null) {
                        taken.incrementAndGet();
                      }
                    }
                  } catch (IllegalStateException | InterruptedException end) {
                    // The subscription ended: drained.
                  }
                });
    assertTrue(c.drain(Duration.ofSeconds(10)));
    reader.join(WAIT.toMillis());
    assertEquals(50, handled.get());
    assertEquals(50, taken.get());
    assertEquals(Connection.Status.CLOSED, c.status());
    assertFalse(blocking.isActive());
  }

  @Test
  void drainCalledInsideAHandlerDoesNotWaitForThatHandler() throws Exception {
    Connection c = connect();
    Duration drainTimeout = Duration.ofSeconds(20);
    CompletableFuture<Boolean> drained = new CompletableFuture<>();
    AtomicInteger handled = new AtomicInteger();
    AtomicInteger otherHandled = new AtomicInteger();
    // The handler drains only once the test has published everything, so no publish can meet a
    // draining connection.
    CountDownLatch published = new CountDownLatch(1);
    c.subscribe(
        "drain.inside",
        m -> {
          if (handled.incrementAndGet() == 1) {
            awaitLatch(published);
            long start = System.nanoTime();
            boolean ok = c.drain(drainTimeout);
            // Returning before the timeout is the point: waiting for this very handler would
            // block until the timeout and report failure.
            drained.complete(ok && System.nanoTime() - start < drainTimeout.toNanos());
          }
        });
    c.subscribe("drain.other", m -> otherHandled.incrementAndGet());
    c.flush(WAIT);
    for (int i = 0; i < 10; i++) {
      c.publish("drain.other", bytes("o"));
    }
    for (int i = 0; i < 5; i++) {
      c.publish("drain.inside", bytes("d"));
    }
    c.flush(WAIT);
    published.countDown();
    assertTrue(drained.get(drainTimeout.toSeconds() + 10, TimeUnit.SECONDS));
    assertEquals(Connection.Status.CLOSED, c.status());
    assertEquals(10, otherHandled.get());
    // The calling handler's own subscription counts as drained once that handler returns: the
    // messages queued behind it are still handled.
    Eventually.until(WAIT, () -> "handled " + handled.get(), () -> handled.get() == 5);
  }

  @Test
  void drainInsideAHandlerOnARuntimeTheClientOpenedHandlesTheRestBeforeTheRuntimeCloses()
      throws Exception {
    // No runtime given: the client opens (and on close closes) its own.
    Connection c = connect(Options.builder().server(server.url()));
    CompletableFuture<Boolean> drained = new CompletableFuture<>();
    List<String> handled = new CopyOnWriteArrayList<>();
    CountDownLatch drainReturned = new CountDownLatch(1);
    CountDownLatch published = new CountDownLatch(1);
    c.subscribe(
        "drain.owned",
        m -> {
          handled.add(new String(m.data(), StandardCharsets.UTF_8));
          if (handled.size() == 1) {
            awaitLatch(published);
            drained.complete(c.drain(Duration.ofSeconds(20)));
            drainReturned.countDown();
          }
        });
    c.flush(WAIT);
    for (int i = 0; i < 3; i++) {
      c.publish("drain.owned", bytes("m" + i));
    }
    c.flush(WAIT);
    published.countDown();
    assertTrue(drained.get(30, TimeUnit.SECONDS));
    assertTrue(drainReturned.await(5, TimeUnit.SECONDS));
    Eventually.until(WAIT, () -> "handled " + handled, () -> handled.size() == 3);
    assertEquals(List.of("m0", "m1", "m2"), handled);
    assertTrue(c.awaitClosed(WAIT));
  }

  @Test
  void pendingLimitDropsAndReportsASlowConsumer() throws Exception {
    List<Subscription> reported = new CopyOnWriteArrayList<>();
    Connection c =
        connect(
            options(server.url())
                .pendingLimits(10, 0)
                .errorListener(
                    new ErrorListener() {
                      @Override
                      public void slowConsumer(Connection connection, Subscription subscription) {
                        reported.add(subscription);
                      }
                    }));
    Subscription s = c.subscribe("slowc");
    for (int i = 0; i < 100; i++) {
      c.publish("slowc", bytes(String.valueOf(i)));
    }
    c.flush(WAIT);
    Eventually.until(WAIT, () -> "delivered " + s.delivered(), () -> s.delivered() == 100);
    assertEquals(10, s.pendingMessages());
    assertEquals(90, s.dropped());
    assertEquals(List.of(s), reported);
    assertEquals("0", s.next(WAIT).text());
  }

  @Test
  void payloadOverMaxPayloadIsRefusedInTheClient() throws Exception {
    Connection c = connect();
    long max = c.maxPayload();
    assertTrue(max > 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> c.publish("big", new byte[(int) max + 1]));
    assertTrue(e.getMessage().contains("max_payload"), e.getMessage());
    Subscription s = c.subscribe("big");
    c.publish("big", new byte[(int) max]);
    assertEquals(max, s.next(WAIT).data().length);
  }

  @Test
  void echoOffHidesOwnMessages() throws Exception {
    Connection quiet = connect(options(server.url()).echo(false));
    Connection other = connect();
    Subscription own = quiet.subscribe("echo.test");
    Subscription theirs = other.subscribe("echo.test");
    quiet.flush(WAIT);
    other.flush(WAIT);
    quiet.publish("echo.test", bytes("x"));
    assertNotNull(theirs.next(WAIT));
    quiet.flush(WAIT);
    assertNull(own.next(Duration.ofMillis(100)));
  }

  @Test
  void concurrentPublishersFromPlainThreads() throws Exception {
    Connection c = connect();
    Subscription s = c.subscribe("mt");
    s.setPendingLimits(0, 0);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < 5000; i++) {
                      c.publish("mt", bytes("p"));
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    c.flush(WAIT);
    Eventually.until(WAIT, () -> "delivered " + s.delivered(), () -> s.delivered() == 20_000);
  }

  @Test
  void eventsAndIdempotentClose() throws Exception {
    List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    Connection c = connect(options(server.url()).connectionListener((conn, e, s) -> events.add(e)));
    assertEquals(Connection.Status.CONNECTED, c.status());
    c.close();
    c.close();
    assertEquals(Connection.Status.CLOSED, c.status());
    assertEquals(ConnectionEvent.CONNECTED, events.get(0));
    assertEquals(ConnectionEvent.CLOSED, events.get(events.size() - 1));
    assertThrows(ClientException.class, () -> c.publish("x", bytes("y")));
  }

  @Test
  void nonFatalServerErrorIsReportedAndTheConnectionStays() throws Exception {
    List<String> serverErrors = new CopyOnWriteArrayList<>();
    Connection c =
        connect(
            options(server.url())
                .errorListener(
                    new ErrorListener() {
                      @Override
                      public void serverError(Connection connection, String text) {
                        serverErrors.add(text);
                      }
                    }));
    c.subscribe("bad..subject");
    Eventually.until(WAIT, () -> "no -ERR reported", () -> !serverErrors.isEmpty());
    assertEquals("Invalid Subject", serverErrors.get(0));
    Subscription s = c.subscribe("still.fine");
    c.publish("still.fine", bytes("ok"));
    assertEquals("ok", s.next(WAIT).text());
    assertEquals(Connection.Status.CONNECTED, c.status());
    assertEquals(0, c.reconnects());
  }

  @Test
  void connectionRefusedFailsConnect() {
    Options o = Options.builder().server("nats://127.0.0.1:1").runtime(runtime).build();
    assertThrows(IOException.class, () -> Connection.connect(o));
  }

  @Test
  void tokenAuthentication() throws Exception {
    try (TestServer secured = newServer("s3cret")) {
      secured.start();
      AuthorizationException e =
          assertThrows(
              AuthorizationException.class,
              () -> Connection.connect(options(secured.url()).token("wrong").build()));
      assertTrue(e.getMessage().toLowerCase().contains("authorization"), e.getMessage());
      Connection byOption = connect(options(secured.url()).token("s3cret"));
      Connection byUrl = connect(options("nats://s3cret@127.0.0.1:" + secured.port()));
      Subscription s = byUrl.subscribe("auth.ok");
      byUrl.flush(WAIT);
      byOption.publish("auth.ok", bytes("in"));
      assertEquals("in", s.next(WAIT).text());
    }
  }

  @Test
  void reconnectRestoresSubscriptionsAndSendsBufferedPublishesInOrder() throws Exception {
    try (TestServer own = newServer(null)) {
      own.start();
      List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
      Connection c =
          connect(
              options(own.url())
                  .maxReconnects(Options.UNLIMITED)
                  .reconnectWait(Duration.ofMillis(50), Duration.ofMillis(250))
                  .reconnectJitter(Duration.ofMillis(20))
                  .connectionListener((conn, e, s) -> events.add(e))
                  .errorListener(
                      new ErrorListener() {
                        @Override
                        public void exceptionOccurred(Connection connection, Throwable error) {
                          // Refused reconnect attempts are expected while the server is down.
                        }
                      }));
      Subscription s = c.subscribe("re.sub");
      Subscription limited = c.subscribe("re.max");
      limited.unsubscribe(3);
      c.publish("re.max", bytes("before"));
      c.publish("re.sub", bytes("before"));
      assertEquals("before", s.next(WAIT).text());
      Eventually.until(WAIT, () -> "limited got one", () -> limited.delivered() == 1);
      own.stop();
      Eventually.until(
          WAIT, () -> "events " + events, () -> events.contains(ConnectionEvent.DISCONNECTED));
      for (int i = 0; i < 20; i++) {
        c.publish("re.sub", bytes("buffered-" + i));
      }
      for (int i = 0; i < 5; i++) {
        c.publish("re.max", bytes("m" + i));
      }
      own.start();
      long restarted = System.nanoTime();
      Eventually.until(
          Duration.ofSeconds(2),
          () -> "not reconnected, events " + events,
          () -> c.status() == Connection.Status.CONNECTED);
      assertTrue(System.nanoTime() - restarted < TimeUnit.SECONDS.toNanos(2));
      // The status turns CONNECTED a moment before the listener hears RECONNECTED.
      Eventually.until(
          WAIT, () -> "events " + events, () -> events.contains(ConnectionEvent.RECONNECTED));
      for (int i = 0; i < 20; i++) {
        Message m = s.next(WAIT);
        assertNotNull(m, "buffered " + i);
        assertEquals("buffered-" + i, m.text());
      }
      c.publish("re.sub", bytes("after"));
      assertEquals("after", s.next(WAIT).text());
      // The auto-unsubscribe count survives: 1 before, 2 more after.
      c.flush(WAIT);
      assertEquals("before", limited.next(WAIT).text());
      assertEquals("m0", limited.next(WAIT).text());
      assertEquals("m1", limited.next(WAIT).text());
      assertThrows(IllegalStateException.class, () -> limited.next(Duration.ofMillis(100)));
      assertEquals(1, c.reconnects());
      assertArrayEquals(
          new ConnectionEvent[] {
            ConnectionEvent.CONNECTED, ConnectionEvent.DISCONNECTED, ConnectionEvent.RECONNECTED
          },
          events.toArray(new ConnectionEvent[0]));
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the test did not publish within " + WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
