package dev.weft.tck.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.Connection;
import dev.weft.client.Headers;
import dev.weft.client.Message;
import dev.weft.client.NoRespondersException;
import dev.weft.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The client scenarios every pairing runs: each takes a server URL and a set of client connections
 * on the backend under test, and fails with a message that names what went wrong.
 */
final class Scenarios {
  /** One scenario: its title in the test name, and its body. */
  record Scenario(String title, Body body) {}

  @FunctionalInterface
  interface Body {
    void run(Clients clients, String url, Duration wait) throws Exception;
  }

  static final List<Scenario> ALL =
      List.of(
          new Scenario("pub/sub", Scenarios::pubSub),
          new Scenario("queue groups", Scenarios::queueGroups),
          new Scenario("headers", Scenarios::headers),
          new Scenario("request/reply", Scenarios::requestReply),
          new Scenario("no-responders", Scenarios::noResponders));

  private Scenarios() {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A blocking and a handler subscription on another connection both get 200 messages in order. */
  static void pubSub(Clients clients, String url, Duration wait) throws Exception {
    Connection sub = clients.connect(url);
    Connection pub = clients.connect(url);
    Subscription blocking = sub.subscribe("tck.ps.>");
    List<String> handled = new CopyOnWriteArrayList<>();
    CountDownLatch all = new CountDownLatch(200);
    sub.subscribe(
        "tck.ps.*",
        m -> {
          handled.add(m.text());
          all.countDown();
        });
    sub.flush(wait);
    for (int i = 0; i < 200; i++) {
      pub.publish("tck.ps." + (i % 3), bytes("m" + i));
    }
    pub.flush(wait);
    for (int i = 0; i < 200; i++) {
      Message m = blocking.next(wait);
      assertNotNull(m, "blocking subscription: message " + i + " missing");
      assertEquals("m" + i, m.text(), "blocking subscription order");
      assertEquals("tck.ps." + (i % 3), m.subject());
    }
    assertTrue(
        all.await(wait.toMillis(), TimeUnit.MILLISECONDS),
        "handler got " + handled.size() + " of 200");
    for (int i = 0; i < 200; i++) {
      assertEquals("m" + i, handled.get(i), "handler order");
    }
    assertNull(blocking.next(Duration.ofMillis(20)), "no extra message");
  }

  /**
   * Two members of a group share 60 messages, each delivered once; a plain subscriber gets all 60.
   */
  static void queueGroups(Clients clients, String url, Duration wait) throws Exception {
    Connection a = clients.connect(url);
    Connection b = clients.connect(url);
    Connection pub = clients.connect(url);
    Subscription q1 = a.subscribe("tck.q", "workers");
    Subscription q2 = b.subscribe("tck.q", "workers");
    Subscription plain = b.subscribe("tck.q");
    a.flush(wait);
    b.flush(wait);
    for (int i = 0; i < 60; i++) {
      pub.publish("tck.q", bytes(String.valueOf(i)));
    }
    pub.flush(wait);
    for (int i = 0; i < 60; i++) {
      assertNotNull(plain.next(wait), "plain subscriber: message " + i + " missing");
    }
    // The plain subscriber shares b's socket with q2; a's PONG proves a's share has arrived too.
    a.flush(wait);
    b.flush(wait);
    Set<String> seen = new HashSet<>();
    for (Subscription q : List.of(q1, q2)) {
      Message m;
      while ((m = q.next(Duration.ZERO)) != null) {
        assertTrue(seen.add(m.text()), "message " + m.text() + " went to two group members");
      }
    }
    assertEquals(60, seen.size(), "the group as a whole must get every message once");
  }

  /** Repeated header names keep their order and case, and the payload is intact. */
  static void headers(Clients clients, String url, Duration wait) throws Exception {
    Connection c = clients.connect(url);
    Subscription s = c.subscribe("tck.hdr");
    Headers h = new Headers().add("Weft-Id", "1").add("weft-id", "2").add("Weft-Id", "3");
    c.publish("tck.hdr", "tck.reply", h, bytes("payload"));
    Message m = s.next(wait);
    assertNotNull(m, "no message with headers");
    assertEquals("payload", m.text());
    assertEquals("tck.reply", m.replyTo());
    assertEquals(List.of("1", "3"), m.headers().getAll("Weft-Id"));
    assertEquals(List.of("2"), m.headers().getAll("weft-id"));
    assertEquals(h, m.headers());
  }

  /** Requests from a plain thread and from a task of the client's runtime get their replies. */
  static void requestReply(Clients clients, String url, Duration wait) throws Exception {
    Connection responder = clients.connect(url);
    Connection requester = clients.connect(url);
    responder.subscribe("tck.svc", m -> responder.publish(m.replyTo(), bytes("re:" + m.text())));
    responder.flush(wait);
    for (int i = 0; i < 20; i++) {
      assertEquals("re:" + i, requester.request("tck.svc", bytes(String.valueOf(i)), wait).text());
    }
    Message fromTask =
        clients
            .runtime()
            .runBlocking(
                "tck-requester",
                ctx -> requester.request(ctx, "tck.svc", null, bytes("task"), wait));
    assertEquals("re:task", fromTask.text());
  }

  /** A request nobody listens to fails at once with the 503 status, not a timeout. */
  static void noResponders(Clients clients, String url, Duration wait) throws Exception {
    Connection c = clients.connect(url);
    Duration timeout = wait.multipliedBy(4);
    long start = System.nanoTime();
    assertThrows(NoRespondersException.class, () -> c.request("tck.nobody", bytes("?"), timeout));
    assertTrue(
        System.nanoTime() - start < timeout.toNanos() / 2,
        "no-responders must not wait for the timeout");
  }
}
