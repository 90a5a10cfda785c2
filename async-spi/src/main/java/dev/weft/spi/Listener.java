package dev.weft.spi;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A listening TCP socket, from {@link AsyncRuntime#listen}. It is readable (for {@link
 * Context#waitReadable}) while a connection is pending.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li><b>LISTEN-1</b> binding port 0 picks an ephemeral port; {@link #localAddress()} reports the
 *       bound address and port.
 *   <li><b>LISTEN-2</b> {@link #accept} returns a connected socket per peer connection, with local
 *       and remote addresses set.
 *   <li><b>LISTEN-3</b> {@link #close()} is idempotent; an accept suspended on the listener wakes
 *       promptly with {@link SocketClosedException}, later accepts throw it, and new connections to
 *       the address are refused.
 * </ul>
 */
public interface Listener extends Waitable, AutoCloseable {
  InetSocketAddress localAddress();

  /**
   * Suspends until a connection arrives and returns it.
   *
   * @throws SocketClosedException when the listener is closed
   * @throws TaskCancelledException when the task is cancelled
   */
  StreamSocket accept(Context ctx) throws IOException;

  boolean isOpen();

  @Override
  void close();
}
