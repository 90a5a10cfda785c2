package dev.weft.tck.server;

import static dev.weft.tck.server.ProtocolRules.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Options;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** Authorization, keepalive, connection limits, slow consumers and shutdown. */
final class LimitRules {
  private LimitRules() {}

  static Stream<DynamicNode> tests(TckTarget t) {
    List<DynamicNode> rules = new ArrayList<>();
    rules.add(
        Rule.required(
            t,
            "SRV-16",
            "token auth: right token passes; wrong token or a first op other than CONNECT is a violation",
            with(
                t,
                b -> b.token("s3cret"),
                (s, d, w) -> {
                  DriverConnection ok = d.open("ok", s.address());
                  String info = ok.expect("\r\n", w);
                  assertTrue(info.contains("\"auth_required\":true"), info);
                  ok.send("CONNECT {\"verbose\":false,\"auth_token\":\"s3cret\"}\r\nPING\r\n");
                  ok.expectExactly("PONG\r\n", w);
                  for (String bad :
                      new String[] {
                        "CONNECT {\"verbose\":false,\"auth_token\":\"nope\"}\r\n", "PING\r\n"
                      }) {
                    DriverConnection c = d.greeted("bad", s.address(), w);
                    c.sendQuietly(bad);
                    assertEquals(
                        "-ERR 'Authorization Violation'\\r\\n",
                        DriverConnection.show(c.expectEof(w)));
                  }
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-17",
            "user/password auth, bcrypt hashes included",
            with(
                t,
                b ->
                    b.users(
                        java.util.Map.of(
                            "a",
                            "one",
                            "b",
                            "$2a$04$IwR0S4ZvwhvQ2K1JqIA4zOpgCWB3hsDp43F9k4/C0Oe9.ZjjTiz2.")),
                (s, d, w) -> {
                  String[][] cases = {
                    {"a", "one", "PONG\r\n"},
                    {"b", "s3cret", "PONG\r\n"},
                    {"a", "two", "-ERR 'Authorization Violation'\r\n"},
                    {"c", "one", "-ERR 'Authorization Violation'\r\n"}
                  };
                  for (String[] k : cases) {
                    DriverConnection c = d.greeted(k[0], s.address(), w);
                    c.sendQuietly(
                        "CONNECT {\"verbose\":false,\"user\":\""
                            + k[0]
                            + "\",\"pass\":\""
                            + k[1]
                            + "\"}\r\nPING\r\n");
                    c.expectExactly(k[2], w);
                  }
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-18",
            "no CONNECT within the auth timeout: -ERR 'Authentication Timeout' and close",
            with(
                t,
                b -> b.token("s3cret").authTimeout(Duration.ofMillis(300)),
                (s, d, w) -> {
                  DriverConnection c = d.greeted("c", s.address(), w);
                  assertEquals(
                      "-ERR 'Authentication Timeout'\\r\\n", DriverConnection.show(c.expectEof(w)));
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-19",
            "unanswered server PINGs: after ping_max, -ERR 'Stale Connection' and close; answered ones keep it",
            with(
                t,
                b -> b.pingInterval(Duration.ofMillis(300)).pingMax(2),
                (s, d, w) -> {
                  DriverConnection alive = d.greeted("alive", s.address(), w);
                  DriverConnection stale = d.greeted("stale", s.address(), w);
                  alive.send("CONNECT {\"verbose\":false}\r\n");
                  stale.send("CONNECT {\"verbose\":false}\r\n");
                  for (int i = 0; i < 4; i++) {
                    alive.expect("PING\r\n", w);
                    alive.send("PONG\r\n");
                  }
                  String rest = stale.expectEof(w.multipliedBy(2));
                  assertTrue(
                      rest.endsWith("-ERR 'Stale Connection'\r\n") && rest.startsWith("PING\r\n"),
                      "stale connection got: " + DriverConnection.show(rest));
                  alive.send("PING\r\n");
                  alive.expect("PONG\r\n", w);
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-20",
            "max_connections: one more gets -ERR 'maximum connections exceeded', others unaffected",
            with(
                t,
                b -> b.maxConnections(2),
                (s, d, w) -> {
                  DriverConnection a = d.greeted("a", s.address(), w);
                  DriverConnection b = d.greeted("b", s.address(), w);
                  for (DriverConnection c : List.of(a, b)) {
                    c.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
                    c.expect("PONG\r\n", w);
                  }
                  DriverConnection extra = d.open("extra", s.address());
                  String all = extra.expectEof(w);
                  assertTrue(
                      all.endsWith("-ERR 'maximum connections exceeded'\r\n"),
                      DriverConnection.show(all));
                  a.send("PING\r\n");
                  a.expect("PONG\r\n", w);
                })));
    rules.add(
        Rule.stress(
            t,
            "SRV-21",
            "a slow consumer is cut without -ERR; the publisher and other subscribers carry on",
            with(
                t,
                b ->
                    b.maxPayload(64 * 1024)
                        .maxPending(1024 * 1024)
                        .writeDeadline(Duration.ofMillis(500)),
                (s, d, w) -> {
                  DriverConnection slow =
                      d.open("slow", s.address(), false); // never reads until the end
                  int subsBefore = s.server.subscriptionCount();
                  slow.send("CONNECT {\"verbose\":false}\r\nSUB flood 1\r\n");
                  long until = System.nanoTime() + w.toNanos();
                  while (s.server.subscriptionCount() == subsBefore && System.nanoTime() < until) {
                    java.util.concurrent.locks.LockSupport.parkNanos(
                        1_000_000); // poll without starving the server
                  }
                  assertEquals(
                      subsBefore + 1,
                      s.server.subscriptionCount(),
                      "the slow subscriber's SUB never registered");
                  byte[] payload = new byte[1024];
                  AtomicInteger got = new AtomicInteger();
                  try (JnatsConnection healthyResource = JnatsConnection.connect(options(s));
                      JnatsConnection producerResource = JnatsConnection.connect(options(s))) {
                    Connection healthy = healthyResource.connection();
                    Connection producer = producerResource.connection();
                    Dispatcher disp =
                        healthy.createDispatcher(
                            m -> {
                              synchronized (got) {
                                got.incrementAndGet();
                                got.notifyAll();
                              }
                            });
                    disp.subscribe("flood");
                    healthy.flush(w);
                    // Paced in batches of 100 KiB that the healthy subscriber has taken before the
                    // next one goes out, so only the subscriber that does not read falls behind and
                    // the rule does not depend on how a server throttles bursts (its stall gate).
                    // The slow one must be cut within 64 MiB.
                    int batch = 100;
                    int sent = 0;
                    long end = System.nanoTime() + w.multipliedBy(4).toNanos();
                    while (s.server.slowConsumerCount() == 0
                        && sent < 64 * 1024
                        && System.nanoTime() < end) {
                      for (int i = 0; i < batch; i++) {
                        producer.publish("flood", payload);
                      }
                      sent += batch;
                      producer.flush(w);
                      synchronized (got) {
                        long waitEnd = System.nanoTime() + w.toNanos();
                        while (got.get() < sent && System.nanoTime() < waitEnd) {
                          got.wait(Math.max(1, (waitEnd - System.nanoTime()) / 1_000_000));
                        }
                      }
                      assertEquals(sent, got.get(), "the healthy subscriber fell behind");
                    }
                    assertTrue(
                        s.server.slowConsumerCount() >= 1,
                        "the non-reading subscriber was never cut after " + sent + " KiB");
                    assertEquals(
                        Connection.Status.CONNECTED, producer.getStatus(), "publisher was cut");
                    assertEquals(
                        Connection.Status.CONNECTED,
                        healthy.getStatus(),
                        "healthy subscriber was cut");
                    producer.publish("flood", payload);
                    producer.flush(w);
                    synchronized (got) {
                      long waitEnd = System.nanoTime() + w.toNanos();
                      while (got.get() < sent + 1 && System.nanoTime() < waitEnd) {
                        got.wait(Math.max(1, (waitEnd - System.nanoTime()) / 1_000_000));
                      }
                    }
                    assertEquals(sent + 1, got.get(), "delivery after the cut");
                  }
                  slow.startReading();
                  String tail = slow.expectEof(w);
                  assertTrue(
                      !tail.contains("-ERR"),
                      "a slow consumer is cut silently, as nats-server does; got an -ERR");
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-22",
            "close() is graceful: clients read EOF, the port is released",
            () -> {
              TargetServer s = TargetServer.start(t);
              try (ProtocolDriver d = ProtocolDriver.forTarget(t)) {
                Duration w = t.timeouts().event();
                DriverConnection c = d.greeted("c", s.address(), w);
                c.send("CONNECT {\"verbose\":false}\r\nSUB x 1\r\nPING\r\n");
                c.expect("PONG\r\n", w);
                s.close();
                c.expectEof(w);
                s.close(); // idempotent
                try {
                  new Socket("127.0.0.1", s.server.port()).close();
                  throw new AssertionError(
                      "connected to a closed server's port " + s.server.port());
                } catch (ConnectException expected) {
                  // refused, as it must be
                }
              } finally {
                s.close();
              }
            }));
    return rules.stream();
  }

  static Options options(TargetServer s) {
    return new Options.Builder()
        .server(s.url())
        .noReconnect()
        .connectionTimeout(Duration.ofSeconds(5))
        .errorListener(new io.nats.client.ErrorListener() {})
        .build();
  }
}
