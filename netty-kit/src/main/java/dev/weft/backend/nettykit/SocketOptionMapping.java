package dev.weft.backend.nettykit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Locale;
import java.util.Map;

/** The JDK socket options a Weft socket answers, and the Netty channel option behind each. */
public final class SocketOptionMapping {
  private static final Map<SocketOption<?>, ChannelOption<?>> OPTIONS =
      Map.of(
          StandardSocketOptions.TCP_NODELAY, ChannelOption.TCP_NODELAY,
          StandardSocketOptions.SO_KEEPALIVE, ChannelOption.SO_KEEPALIVE,
          StandardSocketOptions.SO_RCVBUF, ChannelOption.SO_RCVBUF,
          StandardSocketOptions.SO_SNDBUF, ChannelOption.SO_SNDBUF,
          StandardSocketOptions.SO_REUSEADDR, ChannelOption.SO_REUSEADDR,
          StandardSocketOptions.SO_LINGER, ChannelOption.SO_LINGER,
          StandardSocketOptions.IP_TOS, ChannelOption.IP_TOS);

  private static final boolean LINUX =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");

  private SocketOptionMapping() {}

  /**
   * The value as the JDK would report it. Linux doubles SO_RCVBUF and SO_SNDBUF on set and reports
   * the doubled size; the JDK halves it back, and so does the NIO transport, which goes through the
   * JDK. A native (epoll) channel reads the raw kernel value, halved here so that a size reads back
   * the same on every backend and transport.
   */
  @SuppressWarnings("unchecked")
  public static <T> T asJdkReports(SocketOption<T> option, T value, Channel channel) {
    boolean bufferSize =
        option == StandardSocketOptions.SO_RCVBUF || option == StandardSocketOptions.SO_SNDBUF;
    if (bufferSize
        && LINUX
        && !(channel instanceof NioSocketChannel)
        && value instanceof Integer raw) {
      return (T) Integer.valueOf(raw / 2);
    }
    return value;
  }

  /** {@code option} of {@code channel} as the JDK would report it; null if the channel has none. */
  public static <T> T get(Channel channel, SocketOption<T> option) {
    return asJdkReports(option, channel.config().getOption(of(option)), channel);
  }

  /** Sets {@code option} on {@code channel}; false when the channel does not take it. */
  public static <T> boolean set(Channel channel, SocketOption<T> option, T value) {
    return channel.config().setOption(of(option), value);
  }

  /** The Netty twin of {@code option}, typed like it: every pair above shares its value type. */
  @SuppressWarnings("unchecked")
  public static <T> ChannelOption<T> of(SocketOption<T> option) {
    ChannelOption<?> mapped = OPTIONS.get(option);
    if (mapped == null) {
      throw new UnsupportedOperationException(
          "socket option " + option.name() + " is not supported");
    }
    return (ChannelOption<T>) mapped;
  }
}
