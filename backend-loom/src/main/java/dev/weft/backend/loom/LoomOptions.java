package dev.weft.backend.loom;

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

  static LoomOptions parse(RuntimeOptions o) {
    return new LoomOptions(
        positive(o, RuntimeOptions.WRITE_BUFFER_BYTES, RuntimeOptions.DEFAULT_WRITE_BUFFER_BYTES),
        positive(o, READ_BUFFER_BYTES, 64 * 1024),
        positive(o, RuntimeOptions.SOCKET_RECEIVE_BUFFER, 0),
        positive(o, RuntimeOptions.SOCKET_SEND_BUFFER, 0),
        nonNegative(o, RuntimeOptions.CLOSE_GRACE, Duration.ofSeconds(5)),
        positive(o, RuntimeOptions.LISTEN_BACKLOG, 1024),
        positive(o, ACCEPT_QUEUE, 16),
        nonNegative(o, CLOSE_LINGER, Duration.ofSeconds(2)));
  }

  private static int positive(RuntimeOptions o, String key, int fallback) {
    int v = o.getInt(key, fallback);
    if (o.get(key).isPresent() && v <= 0) {
      throw new IllegalArgumentException("option " + key + " must be a positive integer, got " + v);
    }
    return v;
  }

  private static Duration nonNegative(RuntimeOptions o, String key, Duration fallback) {
    Duration d = o.getDuration(key, fallback);
    if (d.isNegative()) {
      throw new IllegalArgumentException("option " + key + " must not be negative, got " + d);
    }
    return d;
  }
}
