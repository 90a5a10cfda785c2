package dev.weft.server.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The well-behaved client that keeps talking to the server while it is fuzzed: each round publishes
 * to its own subscription and PINGs, and must get the MSG and the PONG back within the deadline. If
 * the server crashed, hung or let a fuzzed connection stall others, a round fails.
 */
final class ControlClient implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private final StringBuilder pending = new StringBuilder();

  ControlClient(InetSocketAddress address, Duration deadline) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(address, (int) deadline.toMillis());
    socket.setSoTimeout((int) deadline.toMillis());
    out = socket.getOutputStream();
    in = socket.getInputStream();
    readUntil("\r\n"); // INFO
    pending.setLength(0);
    send(
        "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\nSUB control.check 1\r\nPING\r\n");
    readUntil("PONG\r\n");
  }

  /**
   * One PUB/MSG and PING/PONG round trip; throws if it does not complete within the socket
   * deadline.
   */
  void roundTrip(int n) throws IOException {
    String body = "r" + n;
    send("PUB control.check " + body.length() + "\r\n" + body + "\r\nPING\r\n");
    readUntil("MSG control.check 1 " + body.length() + "\r\n" + body + "\r\n");
    readUntil("PONG\r\n");
  }

  private void send(String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private void readUntil(String expected) throws IOException {
    while (true) {
      int at = pending.indexOf(expected);
      if (at >= 0) {
        pending.delete(0, at + expected.length());
        return;
      }
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException e) {
        throw new IOException(
            "control client: no '"
                + expected.replace("\r\n", "\\r\\n")
                + "' within the deadline; have '"
                + pending
                + "'",
            e);
      }
      if (n < 0) {
        throw new IOException(
            "control client: server closed the connection; have '" + pending + "'");
      }
      pending.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
