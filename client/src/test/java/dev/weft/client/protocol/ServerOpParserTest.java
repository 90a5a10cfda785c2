package dev.weft.client.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerOpParserTest {
  /** Records every operation as one readable string. */
  static final class Recorder implements ServerOpParser.Handler {
    final List<String> ops = new ArrayList<>();
    final List<byte[]> payloads = new ArrayList<>();
    final List<byte[]> headers = new ArrayList<>();

    @Override
    public void onMsg(String subject, long sid, String replyTo, byte[] hdr, byte[] payload) {
      ops.add(
          "MSG "
              + subject
              + " "
              + sid
              + " "
              + replyTo
              + " "
              + new String(payload, StandardCharsets.UTF_8));
      payloads.add(payload);
      headers.add(hdr);
    }

    @Override
    public void onPing() {
      ops.add("PING");
    }

    @Override
    public void onPong() {
      ops.add("PONG");
    }

    @Override
    public void onOk() {
      ops.add("+OK");
    }

    @Override
    public void onErr(String text) {
      ops.add("ERR " + text);
    }

    @Override
    public void onInfo(String json) {
      ops.add("INFO " + json);
    }
  }

  private static void feed(ServerOpParser p, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    p.feed(b, 0, b.length);
  }

  @Test
  void parsesEveryOperationInOneBatch() throws Exception {
    ServerOpParser p = new ServerOpParser();
    Recorder r = new Recorder();
    feed(
        p,
        "INFO {\"max_payload\":1024} \r\nPING\r\nPONG\r\n+OK\r\n-ERR 'Invalid Subject'\r\n"
            + "MSG foo 1 5\r\nhello\r\nMSG foo.bar 22 reply.x 0\r\n\r\n");
    p.parse(r);
    assertEquals(
        List.of(
            "INFO {\"max_payload\":1024}",
            "PING",
            "PONG",
            "+OK",
            "ERR Invalid Subject",
            "MSG foo 1 null hello",
            "MSG foo.bar 22 reply.x "),
        r.ops);
    assertEquals(0, p.buffered());
  }

  @Test
  void opsAreCaseInsensitiveAndFieldsMaySpanSpacesAndTabs() throws Exception {
    ServerOpParser p = new ServerOpParser();
    Recorder r = new Recorder();
    feed(p, "msg  foo\t\t7   3\r\nabc\r\nping\r\n");
    p.parse(r);
    assertEquals(List.of("MSG foo 7 null abc", "PING"), r.ops);
  }

  @Test
  void payloadMayContainCrlfBecauseItIsNotScanned() throws Exception {
    ServerOpParser p = new ServerOpParser();
    Recorder r = new Recorder();
    feed(p, "MSG p 1 4\r\n\r\n\r\n\r\n");
    p.parse(r);
    assertArrayEquals("\r\n\r\n".getBytes(StandardCharsets.US_ASCII), r.payloads.get(0));
  }

  @Test
  void hmsgSplitsHeadersFromPayload() throws Exception {
    ServerOpParser p = new ServerOpParser();
    Recorder r = new Recorder();
    String hdr = "NATS/1.0\r\nK: v\r\n\r\n";
    feed(
        p, "HMSG h 3 inbox.1 " + hdr.length() + " " + (hdr.length() + 2) + "\r\n" + hdr + "xy\r\n");
    p.parse(r);
    assertEquals(List.of("MSG h 3 inbox.1 xy"), r.ops);
    assertEquals(hdr, new String(r.headers.get(0), StandardCharsets.US_ASCII));
  }

  @Test
  void noResponderStatusMessageIsByteExact() throws Exception {
    ServerOpParser p = new ServerOpParser();
    Recorder r = new Recorder();
    feed(p, "HMSG _INBOX.x.1 2 16 16\r\nNATS/1.0 503\r\n\r\n\r\n");
    p.parse(r);
    assertEquals("NATS/1.0 503\r\n\r\n", new String(r.headers.get(0), StandardCharsets.US_ASCII));
    assertEquals(0, r.payloads.get(0).length);
  }

  @Test
  void partialReadsResumeWhereTheyStopped() throws Exception {
    String wire = "MSG a 1 10\r\n0123456789\r\nPING\r\nMSG b 2 r 3\r\nxyz\r\n";
    ServerOpParser p = new ServerOpParser();
    Recorder r = new Recorder();
    for (byte b : wire.getBytes(StandardCharsets.US_ASCII)) {
      p.feed(new byte[] {b}, 0, 1);
      p.parse(r);
    }
    assertEquals(List.of("MSG a 1 null 0123456789", "PING", "MSG b 2 r xyz"), r.ops);
  }

  @Test
  void payloadLargerThanTheBufferGrowsIt() throws Exception {
    int size = 300_000;
    ServerOpParser p = new ServerOpParser();
    Recorder r = new Recorder();
    feed(p, "MSG big 9 " + size + "\r\n");
    p.parse(r);
    byte[] body = new byte[size];
    for (int i = 0; i < size; i++) {
      body[i] = (byte) ('a' + i % 26);
    }
    int off = 0;
    while (off < size) {
      ByteBuffer dst = p.readBuffer();
      int n = Math.min(dst.remaining(), size - off);
      dst.put(body, off, n);
      p.commit(n);
      off += n;
      p.parse(r);
    }
    feed(p, "\r\n");
    p.parse(r);
    assertEquals(1, r.payloads.size());
    assertArrayEquals(body, r.payloads.get(0));
  }

  @Test
  void wrongByteCountIsAProtocolError() {
    ServerOpParser p = new ServerOpParser();
    feed(p, "MSG a 1 2\r\nabc\r\n");
    assertThrows(ProtocolException.class, () -> p.parse(new Recorder()));
  }

  @Test
  void unknownOperationIsAProtocolError() {
    ServerOpParser p = new ServerOpParser();
    feed(p, "HELLO world\r\n");
    ProtocolException e = assertThrows(ProtocolException.class, () -> p.parse(new Recorder()));
    assertEquals("unknown operation: HELLO world", e.getMessage());
  }

  @Test
  void badSizeAndWrongArgumentCountAreProtocolErrors() {
    ServerOpParser p1 = new ServerOpParser();
    feed(p1, "MSG a 1 x\r\n");
    assertThrows(ProtocolException.class, () -> p1.parse(new Recorder()));
    ServerOpParser p2 = new ServerOpParser();
    feed(p2, "MSG a\r\n");
    assertThrows(ProtocolException.class, () -> p2.parse(new Recorder()));
  }

  @Test
  void incompleteLineWaitsForMore() throws Exception {
    ServerOpParser p = new ServerOpParser();
    Recorder r = new Recorder();
    feed(p, "PIN");
    p.parse(r);
    assertEquals(List.of(), r.ops);
    feed(p, "G\r\n");
    p.parse(r);
    assertEquals(List.of("PING"), r.ops);
    assertNull(r.headers.isEmpty() ? null : r.headers.get(0));
  }
}
