package dev.weft.backend.vertx;

import io.netty.channel.ChannelOption;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Map;

/** The JDK socket options a StreamSocket answers, and the Netty channel option behind each. */
final class SocketOptionMapping {
  private static final Map<SocketOption<?>, ChannelOption<?>> OPTIONS =
      Map.of(
          StandardSocketOptions.TCP_NODELAY, ChannelOption.TCP_NODELAY,
          StandardSocketOptions.SO_KEEPALIVE, ChannelOption.SO_KEEPALIVE,
          StandardSocketOptions.SO_RCVBUF, ChannelOption.SO_RCVBUF,
          StandardSocketOptions.SO_SNDBUF, ChannelOption.SO_SNDBUF,
          StandardSocketOptions.SO_LINGER, ChannelOption.SO_LINGER,
          StandardSocketOptions.SO_REUSEADDR, ChannelOption.SO_REUSEADDR,
          StandardSocketOptions.IP_TOS, ChannelOption.IP_TOS);

  private SocketOptionMapping() {}

  /**
   * Linux doubles SO_RCVBUF and SO_SNDBUF on set and reports the doubled size; the JDK halves it
   * back, so a JDK socket reads what was asked for. The NIO transport goes through the JDK already;
   * a native (epoll) channel reads the raw kernel value, halved here to agree with the JDK.
   */
  @SuppressWarnings("unchecked")
  static <T> T asJdkReports(SocketOption<T> option, T value, io.netty.channel.Channel channel) {
    boolean bufferSize =
        option == StandardSocketOptions.SO_RCVBUF || option == StandardSocketOptions.SO_SNDBUF;
    if (bufferSize && LINUX && !(channel instanceof io.netty.channel.socket.nio.NioSocketChannel)) {
      return (T) Integer.valueOf(((Integer) value) / 2);
    }
    return value;
  }

  private static final boolean LINUX =
      System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux");

  @SuppressWarnings("unchecked")
  static <T> ChannelOption<T> of(SocketOption<T> option) {
    ChannelOption<?> mapped = OPTIONS.get(option);
    if (mapped == null) {
      throw new UnsupportedOperationException("socket option " + option + " is not supported");
    }
    return (ChannelOption<T>) mapped;
  }
}
