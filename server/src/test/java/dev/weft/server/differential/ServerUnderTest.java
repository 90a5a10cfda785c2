package dev.weft.server.differential;

import java.net.InetSocketAddress;

/** A running NATS server a script is played against: the real nats-server or Weft. */
interface ServerUnderTest extends AutoCloseable {
  /** "nats-server" or "weft", for messages. */
  String label();

  InetSocketAddress address();

  @Override
  void close();
}
