package dev.weft.spi;

/**
 * Optional features a backend may declare in {@link Backend#capabilities()}. Each one unlocks a set
 * of optional TCK rules (IDs starting with {@code CAP-}). An undeclared capability makes those
 * rules show as skipped, with the reason; a declared one makes them as binding as the required
 * rules.
 */
public enum Capability {
  /** CAP-IPV6: listeners and sockets work on the IPv6 loopback address {@code [::1]}. */
  IPV6,
  /**
   * CAP-NATIVE: the runtime can run on a native (non-NIO, non-JDK) transport such as epoll or
   * io_uring, and {@link AsyncRuntime#transport()} names it. Rule: when the options ask for no
   * particular transport, a native transport is used on a platform that offers one.
   */
  NATIVE_TRANSPORT,
  /**
   * CAP-BUFSIZE: the options {@link RuntimeOptions#SOCKET_RECEIVE_BUFFER} and {@link
   * RuntimeOptions#SOCKET_SEND_BUFFER} are applied to every socket, and {@link
   * StreamSocket#getOption} reports the value the kernel granted.
   */
  SOCKET_BUFFER_SIZES
}
