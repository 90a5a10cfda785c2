package dev.weft.spi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;

/**
 * A connected TCP socket, from {@link AsyncRuntime#connect} or {@link Listener#accept}. Readable
 * (for {@link Context#waitReadable}) when data, EOF or an error is pending.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li><b>CONN-1</b> connecting to a port where nothing listens fails within one second with
 *       {@link java.net.ConnectException}.
 *   <li><b>CONN-2</b> a connection that never completes fails with {@link
 *       java.net.SocketTimeoutException} once the timeout has passed, and not much later.
 *   <li><b>READ-1</b> {@link #read} returns a positive count, or -1 at EOF; with no room in {@code
 *       dst} it returns 0 at once.
 *   <li><b>READ-2</b> reads are partial: a read returns what has arrived, without waiting to fill
 *       {@code dst}.
 *   <li><b>READ-3</b> one reader and one writer at a time, and they may run concurrently: a second
 *       concurrent read, or a second concurrent write, throws {@link IllegalStateException}.
 *   <li><b>WRITE-1</b> {@link #write} writes every remaining byte of every buffer, in order,
 *       advances each buffer's position to its limit, and returns the total.
 *   <li><b>WRITE-2</b> writes are bounded: the bytes written but not yet taken by the kernel never
 *       exceed option {@link RuntimeOptions#WRITE_BUFFER_BYTES} plus one call's buffers, so a peer
 *       that does not read eventually blocks the writer.
 *   <li><b>HALF-1</b> {@link #shutdownOutput()} sends EOF after every byte already written; the
 *       peer reads them then EOF, and can still send data back, which this socket reads.
 *   <li><b>CLOSE-1</b> {@link #close()} is idempotent and may be called from any thread.
 *   <li><b>CLOSE-2</b> a task suspended in read, write or a wait on this socket wakes promptly with
 *       {@link SocketClosedException} when the socket is closed.
 *   <li><b>CLOSE-3</b> after close, read and write throw {@link SocketClosedException} and the peer
 *       sees EOF or a reset.
 *   <li><b>SOCK-1</b> TCP_NODELAY is on by default.
 *   <li><b>SOCK-2</b> {@link #localAddress()} and {@link #remoteAddress()} are set, on both
 *       accepted and connected sockets, and still answer after close.
 *   <li><b>STRESS-3</b> 1,000 concurrent connections each echo 1 MiB with every byte intact.
 * </ul>
 */
public interface StreamSocket extends Waitable, AutoCloseable {
  /**
   * Reads into {@code dst} (READ-1, READ-2).
   *
   * @return bytes read, or -1 at EOF
   * @throws SocketClosedException when closed locally (CLOSE-2, CLOSE-3)
   * @throws TaskCancelledException when the task is cancelled and no bytes were taken (CANCEL-3)
   */
  int read(Context ctx, ByteBuffer dst) throws IOException;

  /**
   * Gathering write (WRITE-1, WRITE-2): returns once every byte is accepted into the socket's
   * bounded buffer, which may be before the peer has received it.
   *
   * @return the total number of bytes written
   */
  long write(Context ctx, ByteBuffer... srcs) throws IOException;

  /** Half-close (HALF-1). Later writes throw {@link IOException}. */
  void shutdownOutput() throws IOException;

  InetSocketAddress localAddress();

  InetSocketAddress remoteAddress();

  /** A standard socket option, such as {@code StandardSocketOptions.TCP_NODELAY}. */
  <T> T getOption(SocketOption<T> option) throws IOException;

  <T> void setOption(SocketOption<T> option, T value) throws IOException;

  boolean isOpen();

  /** Closes the socket (CLOSE-1 to CLOSE-3). */
  @Override
  void close();
}
