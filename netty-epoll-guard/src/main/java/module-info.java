/**
 * A workaround for a Netty 4.2.18 epoll defect, shared by the two Netty-based backends (which must
 * not depend on each other). Not part of the SPI; nothing outside the backends uses it.
 */
module dev.weft.netty.epollguard {
  requires io.netty.common;
  requires io.netty.transport;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;

  exports dev.weft.netty.epollguard;
}
