package dev.weft.backend.netty;

import dev.weft.backend.nettykit.EpollInterestGuard;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** The I/O transports this backend can run on, with the channel types that match each one. */
enum Transport {
  EPOLL("epoll"),
  NIO("nio");

  private final String id;

  Transport(String id) {
    this.id = id;
  }

  String id() {
    return id;
  }

  /** Epoll when its native library loads (Linux), NIO everywhere else. */
  static Transport best() {
    return epollAvailable() ? EPOLL : NIO;
  }

  static boolean epollAvailable() {
    try {
      return Epoll.isAvailable();
    } catch (LinkageError e) {
      return false;
    }
  }

  static String epollUnavailabilityCause() {
    try {
      Throwable t = Epoll.unavailabilityCause();
      return t == null ? "unknown" : String.valueOf(t);
    } catch (LinkageError e) {
      return String.valueOf(e);
    }
  }

  IoHandlerFactory ioHandlerFactory() {
    return this == EPOLL
        ? new EpollInterestGuard(EpollIoHandler.newFactory())
        : NioIoHandler.newFactory();
  }

  Class<? extends SocketChannel> socketChannel() {
    return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  Class<? extends ServerChannel> serverChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}
