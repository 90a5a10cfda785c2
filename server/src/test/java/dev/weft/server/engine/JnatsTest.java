package dev.weft.server.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.WeftServer;
import dev.weft.spi.Backends;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Java client against WeftServer on the loom backend. */
class JnatsTest {
  private WeftServer server;

  @BeforeEach
  void start() throws Exception {
    server = WeftServer.builder().port(0).backend(Backends.named("loom")).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Connection connect() throws Exception {
    return Nats.connect(
        new Options.Builder()
            .server("nats://127.0.0.1:" + server.port())
            .connectionTimeout(Duration.ofSeconds(5))
            .noReconnect()
            .build());
  }

  @Test
  void publishSubscribe() throws Exception {
    try (Connection sub = connect();
        Connection pub = connect()) {
      Subscription s = sub.subscribe("greet.*");
      sub.flush(Duration.ofSeconds(5));
      for (int i = 0; i < 100; i++) {
        pub.publish("greet." + i, ("hello " + i).getBytes(StandardCharsets.UTF_8));
      }
      pub.flush(Duration.ofSeconds(5));
      for (int i = 0; i < 100; i++) {
        Message m = s.nextMessage(Duration.ofSeconds(5));
        assertNotNull(m, "message " + i);
        assertEquals("greet." + i, m.getSubject());
        assertEquals("hello " + i, new String(m.getData(), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void headersRoundTrip() throws Exception {
    try (Connection c = connect()) {
      Subscription s = c.subscribe("h");
      c.flush(Duration.ofSeconds(5));
      Headers h = new Headers().add("K", "v1", "v2");
      c.publish(NatsMessage.builder().subject("h").headers(h).data(new byte[] {1, 2, 3}).build());
      Message m = s.nextMessage(Duration.ofSeconds(5));
      assertNotNull(m);
      assertEquals(java.util.List.of("v1", "v2"), m.getHeaders().get("K"));
      assertArrayEquals(new byte[] {1, 2, 3}, m.getData());
    }
  }

  @Test
  void requestReply() throws Exception {
    try (Connection responder = connect();
        Connection requester = connect()) {
      Dispatcher d =
          responder.createDispatcher(m -> responder.publish(m.getReplyTo(), m.getData()));
      d.subscribe("echo");
      responder.flush(Duration.ofSeconds(5));
      for (int i = 0; i < 50; i++) {
        byte[] body = ("req " + i).getBytes(StandardCharsets.UTF_8);
        Message reply = requester.request("echo", body, Duration.ofSeconds(5));
        assertNotNull(reply, "reply " + i);
        assertArrayEquals(body, reply.getData());
      }
    }
  }

  @Test
  void requestWithoutRespondersFailsFast() throws Exception {
    try (Connection c = connect()) {
      CompletableFuture<Message> f = c.request("nobody.home", new byte[0]);
      // jnats cancels the future when the server answers with the 503 no-responders status.
      assertThrows(CancellationException.class, () -> f.get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void queueGroupSplitsWork() throws Exception {
    try (Connection a = connect();
        Connection b = connect();
        Connection pub = connect()) {
      AtomicInteger fromA = new AtomicInteger();
      AtomicInteger fromB = new AtomicInteger();
      CountDownLatch all = new CountDownLatch(200);
      a.createDispatcher(
              m -> {
                fromA.incrementAndGet();
                all.countDown();
              })
          .subscribe("work", "pool");
      b.createDispatcher(
              m -> {
                fromB.incrementAndGet();
                all.countDown();
              })
          .subscribe("work", "pool");
      a.flush(Duration.ofSeconds(5));
      b.flush(Duration.ofSeconds(5));
      for (int i = 0; i < 200; i++) {
        pub.publish("work", new byte[] {(byte) i});
      }
      pub.flush(Duration.ofSeconds(5));
      assertTrue(
          all.await(5, TimeUnit.SECONDS), "only " + (200 - all.getCount()) + " of 200 arrived");
      // Each message goes to exactly one member; a second flush round shows no duplicates.
      a.flush(Duration.ofSeconds(5));
      b.flush(Duration.ofSeconds(5));
      assertEquals(200, fromA.get() + fromB.get());
      assertTrue(
          fromA.get() > 0 && fromB.get() > 0,
          "both members should get work: " + fromA + "/" + fromB);
    }
  }
}
