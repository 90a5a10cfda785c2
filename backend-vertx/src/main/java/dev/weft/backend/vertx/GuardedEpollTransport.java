package dev.weft.backend.vertx;

import dev.weft.backend.nettykit.EpollInterestGuard;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.TcpConfig;
import io.vertx.core.transport.Transport;
import java.net.SocketAddress;
import java.util.concurrent.ThreadFactory;

/**
 * Vert.x's epoll transport with {@link EpollInterestGuard} on its event loops, handed to an owned
 * {@code Vertx} through {@code VertxBuilder.withTransport}. Everything else is Vert.x's own epoll
 * transport.
 */
final class GuardedEpollTransport implements Transport {
  private final Transport epoll;

  private GuardedEpollTransport(Transport epoll) {
    this.epoll = epoll;
  }

  /** The guarded transport, or null when Vert.x has no usable epoll here. */
  static Transport ifAvailable() {
    Transport epoll = Transport.EPOLL;
    if (epoll == null || !epoll.available()) {
      return null;
    }
    return new GuardedEpollTransport(epoll);
  }

  @Override
  public String name() {
    return epoll.name();
  }

  @Override
  public boolean available() {
    return epoll.available();
  }

  @Override
  public Throwable unavailabilityCause() {
    return epoll.unavailabilityCause();
  }

  @Override
  public io.vertx.core.spi.transport.Transport implementation() {
    return new Implementation(epoll.implementation());
  }

  private record Implementation(io.vertx.core.spi.transport.Transport delegate)
      implements io.vertx.core.spi.transport.Transport {
    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return new EpollInterestGuard(delegate.ioHandlerFactory());
    }

    @Override
    public EventLoopGroup eventLoopGroup(
        int type, int nThreads, ThreadFactory threadFactory, int ioRatio) {
      return new MultiThreadIoEventLoopGroup(nThreads, threadFactory, ioHandlerFactory());
    }

    @Override
    public boolean supportsDomainSockets() {
      return delegate.supportsDomainSockets();
    }

    @Override
    public boolean supportFileRegion() {
      return delegate.supportFileRegion();
    }

    @Override
    public boolean isAvailable() {
      return delegate.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
      return delegate.unavailabilityCause();
    }

    @Override
    public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
      return delegate.convert(address);
    }

    @Override
    public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
      return delegate.convert(address);
    }

    // Vert.x's Transport SPI still declares this with Netty's deprecated type, so implementing the
    // interface means naming it.
    @Override
    @SuppressWarnings("deprecation")
    public DatagramChannel datagramChannel(InternetProtocolFamily family) {
      return delegate.datagramChannel(family);
    }

    @Override
    public ChannelFactory<? extends DatagramChannel> datagramChannelFactory() {
      return delegate.datagramChannelFactory();
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
      return delegate.channelFactory(domainSocket);
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
      return delegate.serverChannelFactory(domainSocket);
    }

    @Override
    public void configure(DatagramChannel channel, DatagramSocketOptions options) {
      delegate.configure(channel, options);
    }

    @Override
    public void configure(TcpConfig config, boolean domainSocket, Bootstrap bootstrap) {
      delegate.configure(config, domainSocket, bootstrap);
    }

    @Override
    public void configure(TcpConfig config, boolean domainSocket, ServerBootstrap bootstrap) {
      delegate.configure(config, domainSocket, bootstrap);
    }
  }
}
