package dev.weft.backend.loom;

import dev.weft.backend.kit.BackendOptionReader;
import dev.weft.spi.RuntimeOptions;
import java.time.Duration;

/**
 * The options a Loom runtime reads, parsed and checked once at open. Keys of this backend live
 * under {@code weft.loom.}.
 *
 * @param writeBufferBytes bound of each socket's outbound queue (WRITE-2)
 * @param readBufferBytes size of each socket's inbound ring ({@value #READ_BUFFER_BYTES})
 * @param receiveBuffer SO_RCVBUF for every socket, 0 for the kernel default
 * @param sendBuffer SO_SNDBUF for every socket, 0 for the kernel default
 * @param closeGrace grace period of {@link dev.weft.spi.AsyncRuntime#close()}
 * @param backlog listen backlog
 * @param acceptQueue connections a listener accepts ahead of its tasks ({@value #ACCEPT_QUEUE})
 * @param closeLinger how long a closed socket keeps flushing accepted output ({@value
 *     #CLOSE_LINGER})
 */
record LoomOptions(
    int writeBufferBytes,
    int readBufferBytes,
    int receiveBuffer,
    int sendBuffer,
    Duration closeGrace,
    int backlog,
    int acceptQueue,
    Duration closeLinger) {
  static final String READ_BUFFER_BYTES = "weft.loom.readBufferBytes";
  static final String ACCEPT_QUEUE = "weft.loom.acceptQueue";
  static final String CLOSE_LINGER = "weft.loom.closeLinger";

  static LoomOptions parse(RuntimeOptions options) {
    BackendOptionReader o = new BackendOptionReader(options);
    return new LoomOptions(
        o.positiveIntWhenSet(
            RuntimeOptions.WRITE_BUFFER_BYTES, RuntimeOptions.DEFAULT_WRITE_BUFFER_BYTES),
        o.positiveIntWhenSet(READ_BUFFER_BYTES, 64 * 1024),
        o.positiveIntWhenSet(RuntimeOptions.SOCKET_RECEIVE_BUFFER, 0),
        o.positiveIntWhenSet(RuntimeOptions.SOCKET_SEND_BUFFER, 0),
        o.closeGrace(),
        o.positiveIntWhenSet(
            RuntimeOptions.LISTEN_BACKLOG, BackendOptionReader.DEFAULT_LISTEN_BACKLOG),
        o.positiveIntWhenSet(ACCEPT_QUEUE, 16),
        o.nonNegativeDuration(CLOSE_LINGER, Duration.ofSeconds(2)));
  }
}
