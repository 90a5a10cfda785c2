package dev.weft.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientOpParserTest {
  /** Records each callback as text. */
  private static final class Recorder implements ClientOpParser.Handler {
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
      return ClientOpParser.OK;
    }

    @Override
    public int onInfo(byte[] b, int off, int len) {
      events.add("INFO " + s(b, off, len));
      return ClientOpParser.OK;
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
    public void onPubLine(byte[] b, PubArg pa) {}

    @Override
    public void onMsg(byte[] b, PubArg pa) {
      events.add(
          "MSG "
              + pa.subject(b)
              + "|"
              + pa.reply(b)
              + "|"
              + pa.headerLength()
              + "|"
              + s(b, pa.payloadOffset(), pa.size()));
    }

    @Override
    public void onStrayMsg() {
      events.add("STRAY");
    }

    @Override
    public void onSub(String subject, String queue, String sid) {
      events.add("SUB " + subject + "|" + (queue == null ? "-" : queue) + "|" + sid);
    }

    @Override
    public void onUnsub(String sid, long max) {
      events.add("UNSUB " + sid + "|" + max);
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
  private final ClientOpParser parser = new ClientOpParser(rec, 4096, 1024);

  private int feed(String text) {
    return parse(parser, text);
  }

  private static int parse(ClientOpParser p, String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    p.feed(b, 0, b.length);
    return p.parse();
  }

  /** Reads one byte at a time through the read buffer, as a socket would deliver it. */
  private int feedBytewise(String text) {
    for (byte c : text.getBytes(StandardCharsets.ISO_8859_1)) {
      parser.readBuffer().put(c);
      parser.commit(1);
      int r = parser.parse();
      if (r != ClientOpParser.OK) {
        return r;
      }
    }
    return ClientOpParser.OK;
  }

  @Test
  void opsAreCaseInsensitiveAndFieldsSplitOnRunsOfWhitespace() {
    assertEquals(
        ClientOpParser.OK,
        feed("sub  foo\t q  1\r\npub\tfoo   bar 2\r\nhi\r\nPiNg\r\npong\r\n+ok\r\n"));
    assertEquals(List.of("SUB foo|q|1", "MSG foo|bar|-1|hi", "PING", "PONG"), rec.events);
  }

  @Test
  void bytewiseFeedingGivesTheSameEvents() {
    String text =
        "CONNECT {\"a\":1}\r\nSUB a 1\r\nPUB a 5\r\nhe\r\nl\r\nHPUB a r 12 14\r\nNATS/1.0\r\n\r\nxy\r\nUNSUB 1 3\r\n";
    assertEquals(ClientOpParser.OK, feedBytewise(text));
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
    assertEquals(ClientOpParser.OK, feed("PUB n 0\r\n\r\n"));
    assertEquals(List.of("MSG n||-1|"), rec.events);
    assertEquals(
        ClientOpParser.ERR_UNKNOWN_OP,
        parse(new ClientOpParser(rec, 4096, 1024), "PUB n 0\r\nPING\r\n"));
  }

  @Test
  void errorsClassifiedLikeNatsServer() {
    assertEquals(
        ClientOpParser.ERR_UNKNOWN_OP, parse(new ClientOpParser(rec, 4096, 1024), "FOO\r\n"));
    assertEquals(
        ClientOpParser.ERR_UNKNOWN_OP, parse(new ClientOpParser(rec, 4096, 1024), "PUBX a 1\r\n"));
    assertEquals(
        ClientOpParser.ERR_UNKNOWN_OP, parse(new ClientOpParser(rec, 4096, 1024), "MSG a 1 1\r\n"));
    assertEquals(
        ClientOpParser.ERR_SILENT, parse(new ClientOpParser(rec, 4096, 1024), "PUB x abc\r\n"));
    assertEquals(
        ClientOpParser.ERR_SILENT, parse(new ClientOpParser(rec, 4096, 1024), "SUB x\r\n"));
    assertEquals(
        ClientOpParser.ERR_SILENT,
        parse(new ClientOpParser(rec, 4096, 1024), "PUB x 1234567890\r\n"));
    assertEquals(
        ClientOpParser.ERR_MAX_PAYLOAD,
        parse(new ClientOpParser(rec, 4096, 1024), "PUB x 1025\r\n"));
    assertEquals(
        ClientOpParser.ERR_SILENT, parse(new ClientOpParser(rec, 4096, 1024), "HPUB x 5 4\r\n"));
    rec.headers = false;
    assertEquals(
        ClientOpParser.ERR_SILENT, parse(new ClientOpParser(rec, 4096, 1024), "HPUB x 2 4\r\n"));
    rec.auth = true;
    assertEquals(ClientOpParser.ERR_AUTH, parse(new ClientOpParser(rec, 4096, 1024), "PING\r\n"));
  }

  @Test
  void controlLineLimitAppliesToTheArguments() {
    ClientOpParser p = new ClientOpParser(rec, 10, 1024);
    assertEquals(ClientOpParser.OK, parse(p, "SUB abcdefgh 1\r\n"));
    assertEquals(
        ClientOpParser.ERR_CONTROL_LINE,
        parse(new ClientOpParser(rec, 10, 1024), "SUB abcdefghijk"));
  }

  @Test
  void pingIgnoresTrailingBytesUntilLf() {
    assertEquals(ClientOpParser.OK, feed("PING whatever\r\n"));
    assertEquals(List.of("PING"), rec.events);
  }

  @Test
  void aMessageLargerThanTheBufferGrowsItAndTheBufferShrinksOnceItIsParsed() {
    ClientOpParser p = new ClientOpParser(rec, 4096, 1 << 20);
    int size = 200 * 1024;
    byte[] all =
        ("PUB big " + size + "\r\n" + "x".repeat(size) + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    int off = 0;
    int largest = 0;
    while (off < all.length) {
      java.nio.ByteBuffer into = p.readBuffer();
      int n = Math.min(into.remaining(), all.length - off);
      into.put(all, off, n);
      off += n;
      p.commit(n);
      largest = Math.max(largest, into.capacity());
      assertEquals(ClientOpParser.OK, p.parse());
    }
    assertEquals(List.of("MSG big||-1|" + "x".repeat(size)), rec.events);
    assertEquals(true, largest >= size, "grew to hold the message: " + largest);
    assertEquals(64 * 1024, p.readBuffer().capacity());
    assertEquals(0, p.buffered());
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
