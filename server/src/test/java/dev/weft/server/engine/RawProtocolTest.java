package dev.weft.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.WeftServer;
import dev.weft.spi.Backends;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Byte-level protocol behaviour over a raw socket, against the notes on nats-server 2.9.10. */
class RawProtocolTest {
  private static final Duration T = Duration.ofSeconds(5);
  private WeftServer server;

  @BeforeEach
  void start() throws Exception {
    server = WeftServer.builder().port(0).backend(Backends.named("loom")).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RawClient client(String connect) throws Exception {
    RawClient c = new RawClient(server.port());
    String info = c.readInfo();
    assertTrue(info.startsWith("INFO {\"server_id\":\"N"), info);
    assertTrue(info.endsWith("} \r\n"), info);
    if (connect != null) {
      c.send("CONNECT " + connect + "\r\nPING\r\n");
      c.readUntil("PONG\r\n", T);
    }
    return c;
  }

  @Test
  void infoCarriesWhatClientsNeed() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      String info = c.readInfo();
      for (String field :
          new String[] {
            "\"version\":\"2.10.0\"",
            "\"proto\":1",
            "\"headers\":true",
            "\"max_payload\":1048576",
            "\"client_id\":",
            "\"port\":" + server.port(),
            "\"client_ip\":\"127.0.0.1\""
          }) {
        assertTrue(info.contains(field), field + " in " + info);
      }
      assertFalse(info.contains("auth_required"), info);
    }
  }

  @Test
  void pubSubRoundTripWithVerboseDefaults() throws Exception {
    try (RawClient sub = client(null);
        RawClient pub = client("{\"verbose\":false}")) {
      sub.send("SUB foo.* 1\r\n");
      assertEquals("+OK\r\n", sub.readUntil("+OK\r\n", T));
      sub.send("PING\r\n");
      sub.readUntil("PONG\r\n", T);
      pub.send("PUB foo.bar reply 5\r\nhello\r\nPING\r\n");
      pub.readUntil("PONG\r\n", T);
      assertEquals("MSG foo.bar 1 reply 5\r\nhello\r\n", sub.readUntil("hello\r\n", T));
    }
  }

  @Test
  void payloadIsCountedNotScanned() throws Exception {
    try (RawClient c = client("{\"verbose\":false}")) {
      c.send("sub\tp   7\r\nPUB p 4\r\n\r\n\r\n\r\nPING\r\n");
      assertEquals("MSG p 7 4\r\n\r\n\r\n\r\nPONG\r\n", c.readUntil("PONG\r\n", T));
    }
  }

  @Test
  void splitAcrossWritesStillParses() throws Exception {
    try (RawClient c = client("{\"verbose\":false}")) {
      c.send("SUB s 1\r\nPU");
      c.send("B s 1");
      c.send("0\r\n01234");
      c.send("56789\r");
      c.send("\nPING\r\n");
      assertEquals("MSG s 1 10\r\n0123456789\r\nPONG\r\n", c.readUntil("PONG\r\n", T));
    }
  }

  @Test
  void wrongByteCountIsUnknownProtocolOperation() throws Exception {
    try (RawClient c = client("{\"verbose\":false}")) {
      c.send("PUB foo 2\r\nabc\r\n");
      assertEquals("-ERR 'Unknown Protocol Operation'\r\n", c.readToEof(T));
    }
  }

  @Test
  void badArgumentsCloseSilently() throws Exception {
    try (RawClient c = client("{\"verbose\":false}")) {
      c.send("PUB x abc\r\n");
      assertEquals("", c.readToEof(T));
    }
  }

  @Test
  void invalidSubjectKeepsTheConnection() throws Exception {
    try (RawClient c = client("{\"verbose\":false}")) {
      c.send("SUB foo..bar 1\r\nPING\r\n");
      assertEquals("-ERR 'Invalid Subject'\r\nPONG\r\n", c.readUntil("PONG\r\n", T));
    }
  }

  @Test
  void pedanticWildcardPublishWarnsButDelivers() throws Exception {
    try (RawClient c = client(null)) {
      c.send("SUB foo.* 1\r\n");
      c.readUntil("+OK\r\n", T);
      c.send("PUB foo.* 1\r\nx\r\n");
      assertEquals(
          "-ERR 'Invalid Publish Subject'\r\n+OK\r\nMSG foo.* 1 1\r\nx\r\n",
          c.readUntil("x\r\n", T));
    }
  }

  @Test
  void maxPayloadIsCheckedOnTheDeclaredSize() throws Exception {
    try (RawClient c = client("{\"verbose\":false}")) {
      c.send("PUB foo 1048577\r\n");
      assertEquals("-ERR 'Maximum Payload Violation'\r\n", c.readToEof(T));
    }
  }

  @Test
  void controlLineLimit() throws Exception {
    try (RawClient c = client("{\"verbose\":false}")) {
      c.send("PUB " + "a".repeat(5000));
      assertEquals("-ERR 'maximum control line exceeded'\r\n", c.readToEof(T));
    }
  }

  @Test
  void unsubMaxCountsTotalDeliveries() throws Exception {
    try (RawClient c = client("{\"verbose\":false}")) {
      c.send("SUB a 1\r\nPUB a 1\r\nx\r\nUNSUB 1 1\r\nPUB a 1\r\ny\r\nPING\r\n");
      assertEquals("MSG a 1 1\r\nx\r\nPONG\r\n", c.readUntil("PONG\r\n", T));
      c.send("SUB b 2\r\nUNSUB 2 2\r\nPUB b 1\r\n1\r\nPUB b 1\r\n2\r\nPUB b 1\r\n3\r\nPING\r\n");
      assertEquals("MSG b 2 1\r\n1\r\nMSG b 2 1\r\n2\r\nPONG\r\n", c.readUntil("PONG\r\n", T));
    }
  }

  @Test
  void reusedSidIsIgnored() throws Exception {
    try (RawClient c = client("{\"verbose\":false}")) {
      c.send("SUB a 1\r\nSUB b 1\r\nPUB b 1\r\nb\r\nPUB a 1\r\na\r\nPING\r\n");
      assertEquals("MSG a 1 1\r\na\r\nPONG\r\n", c.readUntil("PONG\r\n", T));
    }
  }

  @Test
  void headersAreStrippedForClientsWithoutThem() throws Exception {
    try (RawClient sub = client("{\"verbose\":false}");
        RawClient hsub = client("{\"verbose\":false,\"headers\":true}");
        RawClient pub = client("{\"verbose\":false,\"headers\":true}")) {
      sub.send("SUB h 1\r\nPING\r\n");
      sub.readUntil("PONG\r\n", T);
      hsub.send("SUB h 9\r\nPING\r\n");
      hsub.readUntil("PONG\r\n", T);
      pub.send("HPUB h 18 19\r\nNATS/1.0\r\nK: v\r\n\r\nx\r\n");
      assertEquals("MSG h 1 1\r\nx\r\n", sub.readUntil("x\r\n", T));
      assertEquals("HMSG h 9 18 19\r\nNATS/1.0\r\nK: v\r\n\r\nx\r\n", hsub.readUntil("x\r\n", T));
    }
  }

  @Test
  void noRespondersIsByteExact() throws Exception {
    try (RawClient c = client("{\"verbose\":false,\"headers\":true,\"no_responders\":true}")) {
      c.send("SUB _INBOX.x.* 3\r\nPUB req _INBOX.x.1 0\r\n\r\nPING\r\n");
      assertEquals(
          "HMSG _INBOX.x.1 3 16 16\r\nNATS/1.0 503\r\n\r\n\r\nPONG\r\n",
          c.readUntil("PONG\r\n", T));
    }
  }

  @Test
  void echoFalseSuppressesOwnMessages() throws Exception {
    try (RawClient c = client("{\"verbose\":false,\"echo\":false}")) {
      c.send("SUB e 1\r\nPUB e 1\r\nx\r\nPING\r\n");
      assertEquals("PONG\r\n", c.readUntil("PONG\r\n", T));
    }
  }

  @Test
  void queueGroupDeliversToOneMemberPlusPlainSubscribers() throws Exception {
    try (RawClient c = client("{\"verbose\":false}")) {
      c.send("SUB q g 1\r\nSUB q g 2\r\nSUB q 3\r\n");
      StringBuilder pubs = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        pubs.append("PUB q 1\r\nx\r\n");
      }
      c.send(pubs + "PING\r\n");
      String got = c.readUntil("PONG\r\n", T);
      int one = count(got, "MSG q 1 1");
      int two = count(got, "MSG q 2 1");
      assertEquals(20, one + two, got);
      assertEquals(20, count(got, "MSG q 3 1"), got);
    }
  }

  @Test
  void protocolAndNoResponderChecksOnConnect() throws Exception {
    try (RawClient c = client(null)) {
      c.send("CONNECT {\"protocol\":2}\r\n");
      assertEquals("-ERR 'invalid client protocol'\r\n", c.readToEof(T));
    }
    try (RawClient c = client(null)) {
      c.send("CONNECT {\"no_responders\":true}\r\n");
      assertEquals("-ERR 'no responders requires headers support'\r\n", c.readToEof(T));
    }
    try (RawClient c = client(null)) {
      c.send("CONNECT {bad}\r\n");
      assertEquals("", c.readToEof(T));
    }
  }

  @Test
  void largePayloadsSpanPendingOutputChunks() throws Exception {
    try (RawClient c = client("{\"verbose\":false,\"headers\":true}")) {
      String big = "0123456789abcdef".repeat(65536);
      String hdr = "NATS/1.0\r\nK: v\r\n\r\n";
      String mid = "y".repeat(100_000);
      c.send(
          "SUB big 1\r\nPUB big "
              + big.length()
              + "\r\n"
              + big
              + "\r\n"
              + "HPUB big r "
              + hdr.length()
              + " "
              + (hdr.length() + mid.length())
              + "\r\n"
              + hdr
              + mid
              + "\r\nPING\r\n");
      String got = c.readUntil("PONG\r\n", Duration.ofSeconds(20));
      assertEquals(
          "MSG big 1 "
              + big.length()
              + "\r\n"
              + big
              + "\r\n"
              + "HMSG big 1 r "
              + hdr.length()
              + " "
              + (hdr.length() + mid.length())
              + "\r\n"
              + hdr
              + mid
              + "\r\n"
              + "PONG\r\n",
          got);
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
