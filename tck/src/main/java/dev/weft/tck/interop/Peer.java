package dev.weft.tck.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * One end of an interop pairing, open for one test: the backend under test, a reference backend
 * (each with its own runtime), or plain JDK blocking sockets on platform threads. Closing it stops
 * everything it started.
 */
interface Peer extends AutoCloseable {
  /** How the peer shows in test names, e.g. {@code netty} or {@code jdk-blocking}. */
  String name();

  /**
   * Starts accepting one connection on an ephemeral loopback port and serving {@code exchange} on
   * it.
   */
  Serving serve(Exchange exchange) throws Exception;

  /**
   * Connects to {@code address} and runs the client side of {@code exchange}; returns when it is
   * done.
   */
  void call(InetSocketAddress address, Exchange exchange, Duration limit) throws Exception;

  @Override
  void close();

  /** A server side in progress. */
  interface Serving extends AutoCloseable {
    InetSocketAddress address();

    /** Waits for the server side to finish and rethrows whatever failed it. */
    void await(Duration limit) throws Exception;

    /** The server side's own failure, if it ends with one within {@code within}. */
    Optional<Throwable> failure(Duration within) throws InterruptedException;

    @Override
    void close() throws IOException;
  }
}
