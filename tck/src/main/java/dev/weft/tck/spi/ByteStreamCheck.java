package dev.weft.tck.spi;

import java.nio.ByteBuffer;
import org.opentest4j.AssertionFailedError;

/**
 * A numbered byte stream: the sender takes the next bytes of a fixed sequence, the receiver hands
 * back whatever it read, in order. A byte lost, duplicated or reordered anywhere shows as a
 * mismatch at a known offset, so no byte can silently go missing.
 */
final class ByteStreamCheck {
  private long sent;
  private long received;
  private String firstError;

  /**
   * The byte at {@code offset} of the sequence; neighbours always differ, so a gap cannot go
   * unseen.
   */
  static byte at(long offset) {
    return (byte) (offset * 7 + (offset >>> 8) * 13 + (offset >>> 16) * 31);
  }

  /** The next {@code n} bytes to send. */
  synchronized byte[] next(int n) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = at(sent + i);
    }
    sent += n;
    return out;
  }

  /** Checks the received bytes of {@code data} (position to limit) against the sequence. */
  synchronized void accept(ByteBuffer data) {
    while (data.hasRemaining()) {
      byte b = data.get();
      if (firstError == null && b != at(received)) {
        firstError =
            "byte "
                + received
                + " is "
                + b
                + ", expected "
                + at(received)
                + " (a byte was lost, duplicated or reordered)";
      }
      received++;
    }
    if (firstError != null) {
      throw new AssertionFailedError(firstError);
    }
  }

  synchronized long sent() {
    return sent;
  }

  synchronized long received() {
    return received;
  }

  /** Fails unless every byte sent came back, in order, and no more. */
  synchronized void assertComplete(String when) {
    if (firstError != null) {
      throw new AssertionFailedError(when + ": " + firstError);
    }
    if (received != sent) {
      throw new AssertionFailedError(
          when
              + ": "
              + sent
              + " bytes were sent but "
              + received
              + " were read; "
              + (sent - received)
              + " bytes were lost");
    }
  }
}
