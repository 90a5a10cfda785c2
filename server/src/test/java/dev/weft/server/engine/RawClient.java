package dev.weft.server.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain blocking socket speaking raw protocol text, for byte-exact assertions. */
final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private boolean eof;

  RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  RawClient send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
    return this;
  }

  /**
   * Reads until the received text contains {@code marker}; returns everything read so far and
   * clears it.
   */
  String readUntil(String marker, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!received.toString(StandardCharsets.UTF_8).contains(marker)) {
      if (!fill(deadline)) {
        throw new AssertionError(
            "did not receive '"
                + marker
                + "' (eof="
                + eof
                + "), got: "
                + received.toString(StandardCharsets.UTF_8));
      }
    }
    String s = received.toString(StandardCharsets.UTF_8);
    received.reset();
    return s;
  }

  /**
   * Reads and discards exactly {@code n} bytes (or until EOF/timeout); returns how many arrived.
   */
  long consume(long n, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long got = received.size();
    received.reset();
    while (got < n && fill(deadline)) {
      got += received.size();
      received.reset();
    }
    return got;
  }

  /** Reads one INFO line. */
  String readInfo() throws IOException {
    return readUntil("\r\n", Duration.ofSeconds(5));
  }

  /** Reads until EOF and returns what arrived before it. */
  String readToEof(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!eof) {
      if (!fill(deadline) && !eof) {
        throw new AssertionError("no EOF; got: " + received.toString(StandardCharsets.UTF_8));
      }
    }
    String s = received.toString(StandardCharsets.UTF_8);
    received.reset();
    return s;
  }

  /** Whatever arrives within {@code window} (used only to assert that nothing more arrives). */
  String drain(Duration window) throws IOException {
    long deadline = System.nanoTime() + window.toNanos();
    while (fill(deadline)) {
      // keep reading
    }
    String s = received.toString(StandardCharsets.UTF_8);
    received.reset();
    return s;
  }

  private boolean fill(long deadline) throws IOException {
    if (eof) {
      return false;
    }
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      return false;
    }
    socket.setSoTimeout((int) Math.max(1, left));
    byte[] buf = new byte[65536];
    try {
      int n = in.read(buf);
      if (n < 0) {
        eof = true;
        return false;
      }
      received.write(buf, 0, n);
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      eof = true;
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
