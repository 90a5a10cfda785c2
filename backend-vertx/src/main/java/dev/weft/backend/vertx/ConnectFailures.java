package dev.weft.backend.vertx;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Turns what Vert.x and Netty report for a failed connect or bind into the JDK exceptions of the
 * SPI.
 */
final class ConnectFailures {
  private ConnectFailures() {}

  /** CONN-1 and CONN-2: refused is a ConnectException, a timeout a SocketTimeoutException. */
  static IOException connect(Throwable cause, InetSocketAddress address, Duration timeout) {
    IOException result;
    // Netty's ConnectTimeoutException is a ConnectException too: test it first.
    if (cause instanceof io.netty.channel.ConnectTimeoutException) {
      result = new SocketTimeoutException("connect to " + address + " timed out after " + timeout);
    } else if (cause instanceof ConnectException) {
      result = new ConnectException("connect to " + address + " failed: " + cause.getMessage());
    } else if (cause instanceof IOException io) {
      return io;
    } else {
      result = new IOException("connect to " + address + " failed: " + cause, cause);
    }
    result.initCause(cause);
    return result;
  }

  /**
   * A listen that could not bind; native transports report "Address already in use" as a plain
   * IOException.
   */
  static IOException bind(Throwable cause, InetSocketAddress address) {
    if (cause instanceof BindException
        || (cause instanceof IOException
            && String.valueOf(cause.getMessage()).contains("already in use"))) {
      BindException e =
          new BindException("cannot listen on " + address + ": " + cause.getMessage());
      e.initCause(cause);
      return e;
    }
    if (cause instanceof IOException io) {
      return io;
    }
    return new IOException("cannot listen on " + address + ": " + cause, cause);
  }
}
