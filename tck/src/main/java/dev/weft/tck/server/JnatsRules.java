package dev.weft.tck.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** The official Java client (jnats 2.21.1) against the server on the backend under test. */
final class JnatsRules {
  private JnatsRules() {}

  interface Body {
    void run(TargetServer server, Connection a, Connection b, Duration wait) throws Exception;
  }

  private static org.junit.jupiter.api.function.Executable two(TckTarget target, Body body) {
    return () -> {
      try (TargetServer s = TargetServer.start(target);
          JnatsConnection a = JnatsConnection.connect(LimitRules.options(s));
          JnatsConnection b = JnatsConnection.connect(LimitRules.options(s))) {
        body.run(s, a.connection(), b.connection(), target.timeouts().event());
      }
    };
  }

  static Stream<DynamicNode> tests(TckTarget t) {
    List<DynamicNode> rules = new ArrayList<>();
    rules.add(
        Rule.required(
            t,
            "SRV-23",
            "jnats: connects, publishes and subscribes, with headers",
            two(
                t,
                (s, a, b, w) -> {
                  assertEquals(Connection.Status.CONNECTED, a.getStatus());
                  assertTrue(a.getServerInfo().isHeadersSupported(), "INFO headers");
                  assertTrue(a.getServerInfo().getMaxPayload() > 0, "INFO max_payload");
                  Subscription sub = b.subscribe("jn.>");
                  b.flush(w);
                  a.publish("jn.plain", "hello".getBytes(StandardCharsets.UTF_8));
                  Headers h = new Headers().add("X-One", "1").add("X-Multi", "a", "b");
                  a.publish(
                      NatsMessage.builder().subject("jn.hdr").headers(h).data("body").build());
                  a.flush(w);
                  Message m1 = sub.nextMessage(w);
                  assertNotNull(m1, "no plain message");
                  assertEquals("jn.plain", m1.getSubject());
                  assertEquals("hello", new String(m1.getData(), StandardCharsets.UTF_8));
                  Message m2 = sub.nextMessage(w);
                  assertNotNull(m2, "no header message");
                  assertEquals("1", m2.getHeaders().getFirst("X-One"));
                  assertEquals(List.of("a", "b"), m2.getHeaders().get("X-Multi"));
                  assertEquals("body", new String(m2.getData(), StandardCharsets.UTF_8));
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-24",
            "jnats: request/reply, and no responders cancels the request",
            two(
                t,
                (s, a, b, w) -> {
                  Dispatcher service =
                      b.createDispatcher(
                          m ->
                              b.publish(
                                  m.getReplyTo(),
                                  ("re:" + new String(m.getData(), StandardCharsets.UTF_8))
                                      .getBytes(StandardCharsets.UTF_8)));
                  service.subscribe("svc.echo");
                  b.flush(w);
                  for (int i = 0; i < 50; i++) {
                    Message reply =
                        a.request("svc.echo", ("q" + i).getBytes(StandardCharsets.UTF_8), w);
                    assertNotNull(reply, "request " + i + " timed out");
                    assertEquals("re:q" + i, new String(reply.getData(), StandardCharsets.UTF_8));
                  }
                  CompletableFuture<Message> none = a.request("svc.nobody", new byte[0]);
                  // jnats cancels a request that got a 503 status (an ExecutionException wrapping
                  // the
                  // cancellation is accepted too).
                  try {
                    Message m = none.get(w.toMillis(), TimeUnit.MILLISECONDS);
                    throw new AssertionError(
                        "a request nobody can answer returned a message: " + m);
                  } catch (CancellationException expected) {
                    // the 503 ended it
                  } catch (ExecutionException e) {
                    assertInstanceOf(
                        CancellationException.class,
                        e.getCause(),
                        "request failed otherwise: " + e.getCause());
                  }
                })));
    rules.add(
        Rule.required(
            t,
            "SRV-25",
            "jnats: 10,000 messages from one connection all arrive, in order",
            two(
                t,
                (s, a, b, w) -> {
                  int n = 10_000;
                  AtomicInteger next = new AtomicInteger();
                  AtomicInteger outOfOrder = new AtomicInteger();
                  CountDownLatch done = new CountDownLatch(1);
                  Dispatcher d =
                      b.createDispatcher(
                          m -> {
                            int expected = next.getAndIncrement();
                            if (!Integer.toString(expected)
                                .equals(new String(m.getData(), StandardCharsets.US_ASCII))) {
                              outOfOrder.incrementAndGet();
                            }
                            if (expected + 1 == n) {
                              done.countDown();
                            }
                          });
                  d.subscribe("tp");
                  b.flush(w);
                  long t0 = System.nanoTime();
                  for (int i = 0; i < n; i++) {
                    a.publish("tp", Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
                  }
                  a.flush(w);
                  assertTrue(
                      done.await(w.toMillis() * 2, TimeUnit.MILLISECONDS),
                      "received " + next.get() + " of " + n);
                  long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                  assertEquals(0, outOfOrder.get(), "messages out of order");
                  b.flush(w);
                  assertEquals(n, next.get(), "duplicates");
                  System.out.println(
                      "[weft-tck] SRV-25 on "
                          + t.backend().name()
                          + ": "
                          + n
                          + " messages in "
                          + ms
                          + " ms");
                })));
    return rules.stream();
  }
}
