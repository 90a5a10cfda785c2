package dev.weft.backend.vertx;

import io.netty.channel.ChannelException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Turns what Vert.x and Netty report for a failed connect, bind, socket I/O or socket option into
 * the JDK exceptions of the SPI.
 */
final class VertxFailures {
  private VertxFailures() {}

  /** A read or write failure of a connected socket, as a fresh SocketException with its cause. */
  static IOException io(Throwable t) {
    if (t instanceof IOException io) {
      SocketException copy = new SocketException(io.getMessage());
      copy.initCause(io);
      return copy;
    }
    SocketException wrapped = new SocketException(String.valueOf(t));
    wrapped.initCause(t);
    return wrapped;
  }

  /** A socket option the channel refused to get or set. */
  static IOException option(SocketOption<?> option, ChannelException e) {
    return new SocketException(
        "socket option " + option + ": " + (e.getCause() != null ? e.getCause() : e));
  }

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
