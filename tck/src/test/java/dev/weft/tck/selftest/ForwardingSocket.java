package dev.weft.tck.selftest;

import dev.weft.spi.Context;
import dev.weft.spi.StreamSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;

/** Forwards a connected socket. */
class ForwardingSocket implements StreamSocket, Decorated<StreamSocket> {
  private final StreamSocket real;

  ForwardingSocket(StreamSocket real) {
    this.real = real;
  }

  @Override
  public StreamSocket real() {
    return real;
  }

  @Override
  public int read(Context ctx, ByteBuffer dst) throws IOException {
    return real.read(Decorated.realOf(ctx), dst);
  }

  @Override
  public long write(Context ctx, ByteBuffer... srcs) throws IOException {
    return real.write(Decorated.realOf(ctx), srcs);
  }

  @Override
  public void shutdownOutput() throws IOException {
    real.shutdownOutput();
  }

  @Override
  public InetSocketAddress localAddress() {
    return real.localAddress();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return real.remoteAddress();
  }

  @Override
  public <T> T getOption(SocketOption<T> option) throws IOException {
    return real.getOption(option);
  }

  @Override
  public <T> void setOption(SocketOption<T> option, T value) throws IOException {
    real.setOption(option, value);
  }

  @Override
  public boolean isOpen() {
    return real.isOpen();
  }

  @Override
  public void close() {
    real.close();
  }
}
