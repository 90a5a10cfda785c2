package dev.weft.tck.spi;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.opentest4j.AssertionFailedError;

/**
 * The independent peer: a plain blocking JDK server on 127.0.0.1, ephemeral port, plus the plain
 * client and stream helpers the rules use on the JDK side. Every blocking call has a timeout, so a
 * backend that never answers fails the rule instead of hanging it.
 */
final class JdkServer implements AutoCloseable {
  private final ServerSocket server;

  JdkServer() throws IOException {
    this(50, 0);
  }

  /** A server with the given accept backlog and, if positive, SO_RCVBUF for accepted sockets. */
  JdkServer(int backlog, int receiveBuffer) throws IOException {
    server = new ServerSocket();
    if (receiveBuffer > 0) {
      // Set before bind so the window advertised in the handshake is already small.
      server.setReceiveBufferSize(receiveBuffer);
    }
    server.bind(new InetSocketAddress(Fixture.LOOPBACK, 0), backlog);
  }

  InetSocketAddress address() {
    return new InetSocketAddress(Fixture.LOOPBACK, server.getLocalPort());
  }

  /** Accepts one connection, with reads on it limited to {@code timeout}. */
  Socket accept(Duration timeout) throws IOException {
    server.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
    try {
      Socket s = server.accept();
      s.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
      return s;
    } catch (SocketTimeoutException e) {
      throw new AssertionFailedError("the JDK peer accepted no connection within " + timeout);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  /** A plain client connected to {@code address}, with reads limited to {@code timeout}. */
  static Socket connect(InetSocketAddress address, Duration timeout) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(address, Math.toIntExact(Math.max(1, timeout.toMillis())));
      s.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
      s.setTcpNoDelay(true);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** Exactly {@code n} bytes from the peer; fails on EOF first. */
  static byte[] readExactly(Socket s, int n) throws IOException {
    byte[] out = new byte[n];
    InputStream in = s.getInputStream();
    int at = 0;
    while (at < n) {
      int r;
      try {
        r = in.read(out, at, n - at);
      } catch (SocketTimeoutException e) {
        throw new AssertionFailedError(
            "the JDK peer got "
                + at
                + " of "
                + n
                + " bytes, then nothing for "
                + s.getSoTimeout()
                + " ms");
      }
      if (r < 0) {
        throw new EOFException("the JDK peer read EOF after " + at + " of " + n + " bytes");
      }
      at += r;
    }
    return out;
  }

  /**
   * Reads until EOF and returns -1, or returns -2 when the connection was reset; fails if data
   * arrives or nothing happens within the socket's timeout.
   */
  static int readEndOrReset(Socket s) throws IOException {
    try {
      int r = s.getInputStream().read();
      if (r >= 0) {
        throw new AssertionFailedError("the JDK peer read a byte where it expected EOF or a reset");
      }
      return -1;
    } catch (SocketTimeoutException e) {
      throw new AssertionFailedError(
          "the JDK peer saw neither EOF nor a reset within " + s.getSoTimeout() + " ms");
    } catch (IOException e) {
      return -2;
    }
  }
}
