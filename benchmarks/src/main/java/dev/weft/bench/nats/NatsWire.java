package dev.weft.bench.nats;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One NATS connection over a plain blocking JDK socket, speaking just enough of the protocol for
 * load generation: CONNECT, SUB, PUB (with or without a reply subject), PING/PONG and MSG. It uses
 * no NATS client library on purpose, so the same bytes go to nats-server and to Weft and the
 * generator's own cost is the same for both. Any {@code -ERR}, {@code HMSG} (headers are not
 * enabled) or unparsable line throws {@link IOException}: a benchmark that keeps going after a
 * protocol error measures nothing. Not thread-safe: one thread uses a connection at a time.
 */
final class NatsWire implements AutoCloseable {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);

  /** What {@link #next()} read. */
  enum Op {
    MSG,
    PONG
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private byte[] inBuf;
  private int inStart;
  private int inEnd;
  private int lineFrom;
  private final byte[] outBuf;
  private int outLen;

  private int msgSid;
  private String msgReply;
  private byte[] payload = new byte[64];
  private int payloadLength;

  private NatsWire(Socket socket, int bufferSize) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.inBuf = new byte[bufferSize];
    this.outBuf = new byte[bufferSize];
  }

  /**
   * Connects, reads the server's INFO and queues a CONNECT (sent with the next {@link #flush()}).
   * {@code bufferSize} is each direction's buffer: large for throughput, small for the thousands of
   * idle connections of {@link IdleConnections}.
   */
  static NatsWire open(InetSocketAddress address, String name, int bufferSize) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(address, 10_000);
      socket.setSoTimeout(30_000);
      NatsWire wire = new NatsWire(socket, bufferSize);
      String info = wire.readLine();
      if (!info.startsWith("INFO ")) {
        throw new IOException(address + " did not start with INFO but sent: " + clip(info));
      }
      wire.write(
          ("CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":false,\"name\":\""
                  + name
                  + "\",\"lang\":\"java-bench\",\"version\":\"0\",\"protocol\":1}\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      return wire;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Queues {@code SUB subject sid}. */
  void subscribe(String subject, int sid) throws IOException {
    write(("SUB " + subject + " " + sid + "\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The protocol line before a payload of {@code size} bytes: {@code PUB subject [reply] size}.
   * Publishers build it once and pass it to {@link #publish} for every message.
   */
  static byte[] pubHeader(String subject, String reply, int size) {
    String line = "PUB " + subject + (reply == null ? "" : " " + reply) + " " + size + "\r\n";
    return line.getBytes(StandardCharsets.US_ASCII);
  }

  /** Queues one message: a header from {@link #pubHeader}, then {@code length} payload bytes. */
  void publish(byte[] header, byte[] data, int length) throws IOException {
    write(header);
    write(data, length);
    write(CRLF);
  }

  /** Sends a PING and reads (answering the server's PINGs) until its PONG: a full round trip. */
  void roundTrip() throws IOException {
    write(PING);
    flush();
    awaitPong();
  }

  /** Queues a PING; {@link #awaitPong()} reads its answer. */
  void queuePing() throws IOException {
    write(PING);
  }

  void awaitPong() throws IOException {
    if (next() != Op.PONG) {
      throw new IOException("unexpected MSG (sid " + msgSid + ") while waiting for PONG");
    }
  }

  void flush() throws IOException {
    if (outLen > 0) {
      out.write(outBuf, 0, outLen);
      outLen = 0;
    }
    out.flush();
  }

  /**
   * Reads the next MSG or PONG, answering the server's PINGs and skipping {@code +OK} and INFO
   * updates. After a MSG, {@link #sid()}, {@link #reply()}, {@link #payload()} and {@link
   * #payloadLength()} describe it until the next call.
   */
  Op next() throws IOException {
    while (true) {
      int lineEnd = lineEnd();
      int lineStart = lineFrom;
      byte first = inBuf[lineStart];
      if (first == 'M' && startsWith(lineStart, lineEnd, "MSG ")) {
        parseMsgLine(lineStart + 4, lineEnd);
        readPayload();
        return Op.MSG;
      }
      String line = new String(inBuf, lineStart, lineEnd - lineStart, StandardCharsets.US_ASCII);
      switch (line) {
        case "PING" -> {
          write(PONG);
          flush();
        }
        case "PONG" -> {
          return Op.PONG;
        }
        case "+OK" -> {}
        default -> {
          if (!line.startsWith("INFO ")) {
            throw new IOException("protocol error from server: " + clip(line));
          }
        }
      }
    }
  }

  int sid() {
    return msgSid;
  }

  String reply() {
    return msgReply;
  }

  byte[] payload() {
    return payload;
  }

  int payloadLength() {
    return payloadLength;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  // --- reading -----------------------------------------------------------------------------

  /**
   * Consumes one whole line: afterwards it lies in {@code inBuf} from {@link #lineFrom} to the
   * returned end (before its CRLF).
   */
  private int lineEnd() throws IOException {
    int scan = inStart;
    while (true) {
      for (; scan + 1 < inEnd; scan++) {
        if (inBuf[scan] == '\r' && inBuf[scan + 1] == '\n') {
          lineFrom = inStart;
          inStart = scan + 2;
          return scan;
        }
      }
      int offset = inStart;
      fill();
      scan -= offset - inStart;
    }
  }

  private String readLine() throws IOException {
    int end = lineEnd();
    return new String(inBuf, lineFrom, end - lineFrom, StandardCharsets.US_ASCII);
  }

  /** Moves unread bytes to the front (growing the buffer if it is full) and reads more. */
  private void fill() throws IOException {
    if (inStart > 0) {
      System.arraycopy(inBuf, inStart, inBuf, 0, inEnd - inStart);
      inEnd -= inStart;
      inStart = 0;
    }
    if (inEnd == inBuf.length) {
      inBuf = Arrays.copyOf(inBuf, inBuf.length * 2);
    }
    int n = in.read(inBuf, inEnd, inBuf.length - inEnd);
    if (n < 0) {
      throw new EOFException("server closed the connection");
    }
    inEnd += n;
  }

  /** {@code subject sid [reply] size}, from {@code from} to {@code end}. */
  private void parseMsgLine(int from, int end) throws IOException {
    int[] starts = new int[4];
    int[] ends = new int[4];
    int tokens = 0;
    int i = from;
    while (i < end) {
      while (i < end && inBuf[i] == ' ') {
        i++;
      }
      if (i == end) {
        break;
      }
      if (tokens == 4) {
        throw badMsg(from, end);
      }
      starts[tokens] = i;
      while (i < end && inBuf[i] != ' ') {
        i++;
      }
      ends[tokens++] = i;
    }
    if (tokens < 3) {
      throw badMsg(from, end);
    }
    msgSid = parseInt(starts[1], ends[1], from, end);
    msgReply =
        tokens == 4
            ? new String(inBuf, starts[2], ends[2] - starts[2], StandardCharsets.US_ASCII)
            : null;
    payloadLength = parseInt(starts[tokens - 1], ends[tokens - 1], from, end);
  }

  private int parseInt(int start, int end, int lineFrom, int lineEnd) throws IOException {
    if (start == end) {
      throw badMsg(lineFrom, lineEnd);
    }
    int value = 0;
    for (int i = start; i < end; i++) {
      int digit = inBuf[i] - '0';
      if (digit < 0 || digit > 9 || value > (Integer.MAX_VALUE - digit) / 10) {
        throw badMsg(lineFrom, lineEnd);
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private IOException badMsg(int from, int end) {
    return new IOException(
        "malformed MSG line: "
            + clip(new String(inBuf, from, end - from, StandardCharsets.US_ASCII)));
  }

  private void readPayload() throws IOException {
    if (payload.length < payloadLength) {
      payload = new byte[Math.max(payloadLength, payload.length * 2)];
    }
    int copied = 0;
    while (copied < payloadLength) {
      if (inStart == inEnd) {
        fill();
      }
      int n = Math.min(payloadLength - copied, inEnd - inStart);
      System.arraycopy(inBuf, inStart, payload, copied, n);
      inStart += n;
      copied += n;
    }
    while (inEnd - inStart < 2) {
      fill();
    }
    if (inBuf[inStart] != '\r' || inBuf[inStart + 1] != '\n') {
      throw new IOException("MSG payload of " + payloadLength + " bytes not followed by CRLF");
    }
    inStart += 2;
  }

  private boolean startsWith(int from, int end, String prefix) {
    if (end - from < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (inBuf[from + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  // --- writing -----------------------------------------------------------------------------

  private void write(byte[] bytes) throws IOException {
    write(bytes, bytes.length);
  }

  private void write(byte[] bytes, int length) throws IOException {
    if (length > outBuf.length - outLen) {
      flushBuffer();
      if (length > outBuf.length) {
        out.write(bytes, 0, length);
        return;
      }
    }
    System.arraycopy(bytes, 0, outBuf, outLen, length);
    outLen += length;
  }

  private void flushBuffer() throws IOException {
    out.write(outBuf, 0, outLen);
    outLen = 0;
  }

  private static String clip(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
