package dev.weft.tck.interop;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The byte stream one side of an exchange sees, whatever it runs on: an SPI socket used from one
 * task, or a plain JDK socket used from one platform thread. Lets {@link EchoExchange} be written
 * once and run identically on every peer.
 */
interface Conn {
  /** Reads some bytes into {@code dst}; -1 at EOF. */
  int read(ByteBuffer dst) throws IOException;

  /** Writes every remaining byte of every buffer. */
  void write(ByteBuffer... srcs) throws IOException;

  void shutdownOutput() throws IOException;
}
