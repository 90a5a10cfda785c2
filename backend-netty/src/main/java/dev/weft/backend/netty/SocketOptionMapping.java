package dev.weft.backend.netty;

import io.netty.channel.ChannelOption;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Map;

/** The standard socket options a Weft socket supports, and the Netty option behind each. */
final class SocketOptionMapping {
  private static final Map<SocketOption<?>, ChannelOption<?>> OPTIONS =
      Map.of(
          StandardSocketOptions.TCP_NODELAY, ChannelOption.TCP_NODELAY,
          StandardSocketOptions.SO_KEEPALIVE, ChannelOption.SO_KEEPALIVE,
          StandardSocketOptions.SO_RCVBUF, ChannelOption.SO_RCVBUF,
          StandardSocketOptions.SO_SNDBUF, ChannelOption.SO_SNDBUF,
          StandardSocketOptions.SO_REUSEADDR, ChannelOption.SO_REUSEADDR,
          StandardSocketOptions.SO_LINGER, ChannelOption.SO_LINGER,
          StandardSocketOptions.IP_TOS, ChannelOption.IP_TOS);

  private SocketOptionMapping() {}

  /**
   * The value as the JDK would report it. Linux doubles SO_RCVBUF and SO_SNDBUF for its own
   * bookkeeping; the JDK halves what getsockopt returns on Linux, and so does the NIO transport,
   * but epoll hands back the raw figure. Halving it here makes a size read back the same on every
   * backend and transport.
   */
  @SuppressWarnings("unchecked")
  static <T> T asJdkReports(SocketOption<T> option, T value, Transport transport) {
    boolean bufferSize =
        option == StandardSocketOptions.SO_RCVBUF || option == StandardSocketOptions.SO_SNDBUF;
    if (transport == Transport.EPOLL && bufferSize && value instanceof Integer raw) {
      return (T) Integer.valueOf(raw / 2);
    }
    return value;
  }

  /** The Netty twin of {@code option}, typed like it: every pair above shares its value type. */
  @SuppressWarnings("unchecked")
  static <T> ChannelOption<T> of(SocketOption<T> option) {
    ChannelOption<?> mapped = OPTIONS.get(option);
    if (mapped == null) {
      throw new UnsupportedOperationException(
          "socket option " + option.name() + " is not supported by the netty backend");
    }
    return (ChannelOption<T>) mapped;
  }
}
