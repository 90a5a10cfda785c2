/**
 * The Netty backend's I/O edge on Netty 4.2 event loops: the runtime ({@link
 * dev.weft.backend.netty.NettyRuntime}), the channel handler feeding a socket's bounded inbound
 * queue ({@link dev.weft.backend.netty.NettyInboundQueue}), the coalescing outbound queue ({@link
 * dev.weft.backend.netty.NettyOutboundQueue}), connect, listeners and transport choice. Tasks,
 * waits, timeouts and signals come from the backend kit ({@code dev.weft.backend.kit}); socket
 * options, allocator warm-up and the epoll guard from the Netty kit ({@code
 * dev.weft.backend.nettykit}). Nothing may depend on this package: it is found through {@link
 * java.util.ServiceLoader} only.
 */
package dev.weft.backend.netty;
