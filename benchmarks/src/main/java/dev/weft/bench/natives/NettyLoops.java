package dev.weft.bench.natives;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;

/**
 * One Netty event loop group for both ends, chosen as the Netty backend chooses by default: epoll
 * when its native library loads, NIO otherwise, and two loops (one on a one-CPU machine).
 */
final class NettyLoops implements AutoCloseable {
  final boolean epoll = epollAvailable();
  final EventLoopGroup group;

  NettyLoops() {
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    int threads = Runtime.getRuntime().availableProcessors() > 1 ? 2 : 1;
    group = new MultiThreadIoEventLoopGroup(threads, io);
  }

  ServerBootstrap server(ChannelHandler childHandler) {
    return new ServerBootstrap()
        .group(group)
        .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(childHandler)
        .localAddress(InetAddress.getLoopbackAddress(), 0);
  }

  Bootstrap client(ChannelHandler handler) {
    return new Bootstrap()
        .group(group)
        .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(handler);
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static boolean epollAvailable() {
    try {
      return Epoll.isAvailable();
    } catch (LinkageError e) {
      return false;
    }
  }
}
