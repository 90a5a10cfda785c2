/**
 * The Netty kit: {@link dev.weft.backend.nettykit.SocketOptionMapping} (JDK socket options as Netty
 * channel options, read back as the JDK reports them), {@link
 * dev.weft.backend.nettykit.AllocatorWarmUp} (Netty's allocator initialised off the event loops)
 * and {@link dev.weft.backend.nettykit.EpollInterestGuard} (the Netty 4.2.18 epoll workaround). It
 * depends on Netty only; only the Netty and Vert.x backends may depend on it.
 */
package dev.weft.backend.nettykit;
