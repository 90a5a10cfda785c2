package dev.weft.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolParserTest {
  /** Records each callback as text. */
  private static final class Recorder implements ProtocolParser.Handler {
    final List<String> events = new ArrayList<>();
    boolean auth;
    boolean headers = true;

    @Override
    public boolean awaitingAuth() {
      return auth;
    }

    @Override
    public boolean headersEnabled() {
      return headers;
    }

    @Override
    public int onConnect(byte[] b, int off, int len) {
      events.add("CONNECT " + s(b, off, len));
      auth = false;
      return ProtocolParser.OK;
    }

    @Override
    public int onInfo(byte[] b, int off, int len) {
      events.add("INFO " + s(b, off, len));
      return ProtocolParser.OK;
    }

    @Override
    public void onPing() {
      events.add("PING");
    }

    @Override
    public void onPong() {
      events.add("PONG");
    }

    @Override
    public void onPubLine(
        byte[] b,
        int subjectOff,
        int subjectLen,
        int replyOff,
        int replyLen,
        int headerLen,
        int size) {}

    @Override
    public void onMsg(byte[] b, int so, int sl, int ro, int rl, int hdr, int po, int size) {
      events.add("MSG " + s(b, so, sl) + "|" + s(b, ro, rl) + "|" + hdr + "|" + s(b, po, size));
    }

    @Override
    public void onStrayMsg() {
      events.add("STRAY");
    }

    @Override
    public void onSub(byte[] b, int so, int sl, int qo, int ql, int io, int il) {
      events.add("SUB " + s(b, so, sl) + "|" + (ql < 0 ? "-" : s(b, qo, ql)) + "|" + s(b, io, il));
    }

    @Override
    public void onUnsub(byte[] b, int io, int il, long max) {
      events.add("UNSUB " + s(b, io, il) + "|" + max);
    }

    @Override
    public void onClientError(byte[] b, int off, int len) {
      events.add("ERR " + s(b, off, len));
    }

    private static String s(byte[] b, int off, int len) {
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
  }

  private final Recorder rec = new Recorder();
  private final ProtocolParser parser = new ProtocolParser(rec, 4096, 1024);

  private int feed(String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    return parser.parse(b, b.length);
  }

  /** Feeds one byte at a time, keeping unconsumed bytes as the reader does. */
  private int feedBytewise(String text) {
    byte[] all = text.getBytes(StandardCharsets.ISO_8859_1);
    byte[] buf = new byte[all.length];
    int limit = 0;
    for (byte c : all) {
      buf[limit++] = c;
      int r = parser.parse(buf, limit);
      if (r != ProtocolParser.OK) {
        return r;
      }
      int keep = parser.retainFrom();
      System.arraycopy(buf, keep, buf, 0, limit - keep);
      parser.shift(keep);
      limit -= keep;
    }
    return ProtocolParser.OK;
  }

  @Test
  void opsAreCaseInsensitiveAndFieldsSplitOnRunsOfWhitespace() {
    assertEquals(
        ProtocolParser.OK,
        feed("sub  foo\t q  1\r\npub\tfoo   bar 2\r\nhi\r\nPiNg\r\npong\r\n+ok\r\n"));
    assertEquals(List.of("SUB foo|q|1", "MSG foo|bar|-1|hi", "PING", "PONG"), rec.events);
  }

  @Test
  void bytewiseFeedingGivesTheSameEvents() {
    String text =
        "CONNECT {\"a\":1}\r\nSUB a 1\r\nPUB a 5\r\nhe\r\nl\r\nHPUB a r 12 14\r\nNATS/1.0\r\n\r\nxy\r\nUNSUB 1 3\r\n";
    assertEquals(ProtocolParser.OK, feedBytewise(text));
    assertEquals(
        List.of(
            "CONNECT {\"a\":1}",
            "SUB a|-|1",
            "MSG a||-1|he\r\nl",
            "MSG a|r|12|NATS/1.0\r\n\r\nxy",
            "UNSUB 1|3"),
        rec.events);
  }

  @Test
  void emptyPayloadNeedsItsCrLf() {
    assertEquals(ProtocolParser.OK, feed("PUB n 0\r\n\r\n"));
    assertEquals(List.of("MSG n||-1|"), rec.events);
    assertEquals(
        ProtocolParser.ERR_UNKNOWN_OP,
        new ProtocolParser(rec, 4096, 1024)
            .parse("PUB n 0\r\nPING\r\n".getBytes(StandardCharsets.ISO_8859_1), 15));
  }

  @Test
  void errorsClassifiedLikeNatsServer() {
    assertEquals(
        ProtocolParser.ERR_UNKNOWN_OP, new ProtocolParser(rec, 4096, 1024).parse(b("FOO\r\n"), 5));
    assertEquals(
        ProtocolParser.ERR_UNKNOWN_OP,
        new ProtocolParser(rec, 4096, 1024).parse(b("PUBX a 1\r\n"), 10));
    assertEquals(
        ProtocolParser.ERR_UNKNOWN_OP,
        new ProtocolParser(rec, 4096, 1024).parse(b("MSG a 1 1\r\n"), 11));
    assertEquals(
        ProtocolParser.ERR_SILENT,
        new ProtocolParser(rec, 4096, 1024).parse(b("PUB x abc\r\n"), 11));
    assertEquals(
        ProtocolParser.ERR_SILENT, new ProtocolParser(rec, 4096, 1024).parse(b("SUB x\r\n"), 7));
    assertEquals(
        ProtocolParser.ERR_SILENT,
        new ProtocolParser(rec, 4096, 1024).parse(b("PUB x 1234567890\r\n"), 18));
    assertEquals(
        ProtocolParser.ERR_MAX_PAYLOAD,
        new ProtocolParser(rec, 4096, 1024).parse(b("PUB x 1025\r\n"), 12));
    assertEquals(
        ProtocolParser.ERR_SILENT,
        new ProtocolParser(rec, 4096, 1024).parse(b("HPUB x 5 4\r\n"), 12));
    rec.headers = false;
    assertEquals(
        ProtocolParser.ERR_SILENT,
        new ProtocolParser(rec, 4096, 1024).parse(b("HPUB x 2 4\r\n"), 12));
    rec.auth = true;
    assertEquals(
        ProtocolParser.ERR_AUTH, new ProtocolParser(rec, 4096, 1024).parse(b("PING\r\n"), 6));
  }

  @Test
  void controlLineLimitAppliesToTheArguments() {
    ProtocolParser p = new ProtocolParser(rec, 10, 1024);
    byte[] ok = b("SUB abcdefgh 1\r\n");
    assertEquals(ProtocolParser.OK, p.parse(ok, ok.length));
    byte[] partial = b("SUB abcdefghijk");
    assertEquals(
        ProtocolParser.ERR_CONTROL_LINE,
        new ProtocolParser(rec, 10, 1024).parse(partial, partial.length));
  }

  @Test
  void pingIgnoresTrailingBytesUntilLf() {
    assertEquals(ProtocolParser.OK, feed("PING whatever\r\n"));
    assertEquals(List.of("PING"), rec.events);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
