/**
 * The Netty-specific code both Netty-based backends share (they must not depend on each other): the
 * mapping of JDK socket options to Netty channel options, the warm-up of Netty's allocator, and a
 * workaround for a Netty 4.2.18 epoll defect. Not part of the SPI and not a backend: only the Netty
 * and Vert.x backends may require it (enforced by the build and by ArchUnit).
 */
module dev.weft.backend.nettykit {
  requires io.netty.buffer;
  // Transitive: the exported API takes and returns Netty channels, options and handler factories.
  requires transitive io.netty.common;
  requires transitive io.netty.transport;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;

  exports dev.weft.backend.nettykit;
}
