package dev.weft.tck.selftest;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.StreamSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;

/**
 * Defect: sockets keep the operating system's default of TCP_NODELAY off (Nagle's algorithm on),
 * the setting a backend most easily forgets, and small writes may then wait for an ACK. Must fail
 * SOCK-1.
 */
final class NagleBackend extends ForwardingBackend {
  NagleBackend(Backend real) {
    super("broken-nagle", real);
  }

  @Override
  protected AsyncRuntime decorate(AsyncRuntime realRuntime) {
    return new ForwardingRuntime(this, realRuntime) {
      @Override
      protected StreamSocket socket(StreamSocket realSocket) {
        try {
          realSocket.setOption(StandardSocketOptions.TCP_NODELAY, false);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return super.socket(realSocket);
      }
    };
  }
}
