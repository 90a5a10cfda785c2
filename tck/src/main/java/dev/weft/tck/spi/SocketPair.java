package dev.weft.tck.spi;

import dev.weft.spi.StreamSocket;
import java.io.IOException;
import java.net.Socket;

/**
 * A socket of the backend under test and its independent peer, a plain blocking JDK socket: what
 * the peer sees is not filtered through the backend, so a backend cannot hide its faults behind
 * itself.
 */
record SocketPair(StreamSocket socket, Socket peer) implements AutoCloseable {
  @Override
  public void close() {
    try {
      socket.close();
    } finally {
      try {
        peer.close();
      } catch (IOException ignored) {
        // The peer is ours; failing to close it says nothing about the backend.
      }
    }
  }
}
