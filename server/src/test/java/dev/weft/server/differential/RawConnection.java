package dev.weft.server.differential;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A plain JDK socket to a NATS server with a reader thread that records every byte received. It
 * deliberately uses no Weft code, so that it judges both servers with the same neutral client.
 */
public final class RawConnection implements AutoCloseable {
  private final String name;
  private final Socket socket;
  private final OutputStream out;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final Thread reader;
  private boolean eof;
  private String closeCause;

  public RawConnection(String name, InetSocketAddress address, Duration timeout)
      throws IOException {
    this.name = name;
    this.socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(address, (int) timeout.toMillis());
    this.out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    this.reader = Thread.ofPlatform().daemon(true).name("raw-" + name).start(() -> readLoop(in));
  }

  private void readLoop(InputStream in) {
    byte[] buf = new byte[16 * 1024];
    String cause = "EOF";
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (this) {
          received.write(buf, 0, n);
          notifyAll();
        }
      }
    } catch (IOException e) {
      cause = e.toString(); // a reset after the server's close counts as closed too
    }
    synchronized (this) {
      eof = true;
      closeCause = cause;
      notifyAll();
    }
  }

  String name() {
    return name;
  }

  /** The client side's port: the server's log names the connection by it. */
  int localPort() {
    return socket.getLocalPort();
  }

  public void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Everything received so far. */
  public synchronized byte[] received() {
    return received.toByteArray();
  }

  public synchronized boolean isEof() {
    return eof;
  }

  public synchronized String closeCause() {
    return closeCause;
  }

  /**
   * Blocks until {@code condition} holds for the bytes received so far (re-checked on every
   * arrival), or the deadline passes; returns whether it held.
   */
  public synchronized boolean awaitBytes(Predicate<byte[]> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(received.toByteArray())) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || (eof && !condition.test(received.toByteArray()))) {
        return condition.test(received.toByteArray());
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Blocks until the server has closed the connection, or the deadline passes. */
  public synchronized boolean awaitEof(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!eof) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  public String receivedText() {
    return new String(received(), StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is best effort; the reader ends either way
    }
    try {
      reader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
