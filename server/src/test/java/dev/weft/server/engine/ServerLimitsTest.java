package dev.weft.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.weft.server.WeftServer;
import dev.weft.spi.Backends;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Auth, keepalive, connection limits, slow consumers and shutdown, over raw sockets. */
class ServerLimitsTest {
  private static final Duration T = Duration.ofSeconds(5);

  private static WeftServer start(Consumer<WeftServer.Builder> settings) throws Exception {
    WeftServer.Builder b = WeftServer.builder().port(0).backend(Backends.named("loom"));
    settings.accept(b);
    return b.start();
  }

  private static RawClient connect(WeftServer server) throws Exception {
    RawClient c = new RawClient(server.port());
    c.readInfo();
    return c;
  }

  @Test
  void tokenAuth() throws Exception {
    try (WeftServer server = start(b -> b.token("s3cret"))) {
      try (RawClient c = new RawClient(server.port())) {
        assertTrue(c.readInfo().contains("\"auth_required\":true"));
        c.send("CONNECT {\"verbose\":false,\"auth_token\":\"s3cret\"}\r\nPING\r\n");
        assertEquals("PONG\r\n", c.readUntil("PONG\r\n", T));
      }
      try (RawClient c = connect(server)) {
        c.send("CONNECT {\"auth_token\":\"wrong\"}\r\n");
        assertEquals("-ERR 'Authorization Violation'\r\n", c.readToEof(T));
      }
      try (RawClient c = connect(server)) {
        c.send("PING\r\n");
        assertEquals("-ERR 'Authorization Violation'\r\n", c.readToEof(T));
      }
    }
  }

  @Test
  void bcryptUsers() throws Exception {
    String hash = BCrypt.withDefaults().hashToString(4, "pw".toCharArray());
    try (WeftServer server = start(b -> b.user("alice", hash).user("bob", "plain"))) {
      try (RawClient c = connect(server)) {
        c.send("CONNECT {\"verbose\":false,\"user\":\"alice\",\"pass\":\"pw\"}\r\nPING\r\n");
        assertEquals("PONG\r\n", c.readUntil("PONG\r\n", T));
      }
      try (RawClient c = connect(server)) {
        c.send("CONNECT {\"verbose\":false,\"user\":\"bob\",\"pass\":\"plain\"}\r\nPING\r\n");
        assertEquals("PONG\r\n", c.readUntil("PONG\r\n", T));
      }
      try (RawClient c = connect(server)) {
        c.send("CONNECT {\"user\":\"alice\",\"pass\":\"nope\"}\r\n");
        assertEquals("-ERR 'Authorization Violation'\r\n", c.readToEof(T));
      }
    }
  }

  @Test
  void authTimeout() throws Exception {
    try (WeftServer server = start(b -> b.token("t").authTimeout(Duration.ofMillis(300)))) {
      try (RawClient c = connect(server)) {
        assertEquals("-ERR 'Authentication Timeout'\r\n", c.readToEof(T));
      }
    }
  }

  @Test
  void staleConnectionAfterUnansweredPings() throws Exception {
    try (WeftServer server = start(b -> b.pingInterval(Duration.ofMillis(200)).pingMax(2))) {
      try (RawClient c = connect(server)) {
        c.send("CONNECT {\"verbose\":false}\r\n");
        assertEquals("PING\r\nPING\r\n-ERR 'Stale Connection'\r\n", c.readToEof(T));
      }
    }
  }

  @Test
  void answeredPingsKeepTheConnection() throws Exception {
    try (WeftServer server = start(b -> b.pingInterval(Duration.ofMillis(100)).pingMax(1))) {
      try (RawClient c = connect(server)) {
        c.send("CONNECT {\"verbose\":false}\r\n");
        for (int i = 0; i < 5; i++) {
          assertEquals("PING\r\n", c.readUntil("PING\r\n", T));
          c.send("PONG\r\n");
        }
        c.send("PING\r\n");
        assertEquals("PONG\r\n", c.readUntil("PONG\r\n", T));
      }
    }
  }

  @Test
  void maxConnections() throws Exception {
    try (WeftServer server = start(b -> b.maxConnections(1))) {
      try (RawClient first = connect(server)) {
        try (RawClient second = new RawClient(server.port())) {
          String got = second.readToEof(T);
          assertTrue(got.startsWith("INFO {"), got);
          assertTrue(got.endsWith("} \r\n-ERR 'maximum connections exceeded'\r\n"), got);
        }
        first.send("PING\r\n");
        assertEquals("PONG\r\n", first.readUntil("PONG\r\n", T));
      }
    }
  }

  @Test
  void slowConsumerIsCutSilentlyAndOthersGetEverything() throws Exception {
    int count = 40_000;
    String payload = "x".repeat(1000);
    try (WeftServer server =
        start(
            b ->
                b.maxPayload(16 * 1024)
                    .maxPending(2 * 1024 * 1024)
                    .writeDeadline(Duration.ofSeconds(2)))) {
      try (RawClient stuck = connect(server);
          RawClient live = connect(server);
          RawClient pub = connect(server)) {
        stuck.send("CONNECT {\"verbose\":false}\r\nSUB data 1\r\nPING\r\n");
        stuck.readUntil("PONG\r\n", T);
        live.send("CONNECT {\"verbose\":false}\r\nSUB data 1\r\nPING\r\n");
        live.readUntil("PONG\r\n", T);
        pub.send("CONNECT {\"verbose\":false}\r\n");
        // The publisher writes from its own thread so the test thread can keep reading the
        // live subscriber; the stuck one is never read until the end.
        Thread writer =
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        StringBuilder batch = new StringBuilder();
                        for (int i = 0; i < count; i++) {
                          batch
                              .append("PUB data ")
                              .append(payload.length())
                              .append("\r\n")
                              .append(payload)
                              .append("\r\n");
                          if (batch.length() > 64 * 1024) {
                            pub.send(batch.toString());
                            batch.setLength(0);
                          }
                        }
                        pub.send(batch + "PUB done 0\r\n\r\n");
                      } catch (Exception e) {
                        throw new RuntimeException(e);
                      }
                    });
        long perMessage = "MSG data 1 1000\r\n".length() + 1000 + 2;
        long received = live.consume(count * perMessage, Duration.ofSeconds(30));
        writer.join(Duration.ofSeconds(20));
        assertEquals(count * perMessage, received);
        assertTrue(server.slowConsumerCount() >= 1, "stuck subscriber should be cut");
        String stuckGot = stuck.readToEof(Duration.ofSeconds(20));
        assertTrue(!stuckGot.contains("-ERR"), "slow consumer gets no -ERR");
      }
    }
  }

  @Test
  void closeIsGracefulAndIdempotent() throws Exception {
    WeftServer server = start(b -> {});
    try (RawClient c = connect(server)) {
      c.send("CONNECT {\"verbose\":false}\r\nSUB a 1\r\nPING\r\n");
      c.readUntil("PONG\r\n", T);
      assertEquals(1, server.subscriptionCount());
      server.close();
      server.close();
      c.readToEof(T);
      assertEquals(0, server.connectionCount());
    }
  }

  @Test
  void closeFlushesWhatWasPendingToLiveSubscribers() throws Exception {
    WeftServer server = start(b -> {});
    try (RawClient sub = connect(server);
        RawClient pub = connect(server)) {
      sub.send("CONNECT {\"verbose\":false}\r\nSUB f 1\r\nPING\r\n");
      sub.readUntil("PONG\r\n", T);
      StringBuilder pubs = new StringBuilder("CONNECT {\"verbose\":false}\r\n");
      int n = 5000;
      for (int i = 0; i < n; i++) {
        pubs.append("PUB f 3\r\n").append(String.format("%03d", i % 1000)).append("\r\n");
      }
      pub.send(pubs + "PING\r\n");
      // The PONG proves every PUB was parsed and queued for the subscriber.
      pub.readUntil("PONG\r\n", T);
      server.close();
      String got = sub.readToEof(T);
      assertEquals(n, count(got, "MSG f 1 3\r\n"));
    }
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
