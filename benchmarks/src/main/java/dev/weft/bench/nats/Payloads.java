package dev.weft.bench.nats;

import java.io.IOException;

/**
 * The benchmark payload's layout: bytes 0-3 the publisher's index, 4-7 its sequence number (big
 * endian), the rest zero. Checking it on receipt catches lost, duplicated, reordered, truncated or
 * misrouted messages.
 */
final class Payloads {
  private Payloads() {}

  static void putInt(byte[] data, int offset, int value) {
    data[offset] = (byte) (value >>> 24);
    data[offset + 1] = (byte) (value >>> 16);
    data[offset + 2] = (byte) (value >>> 8);
    data[offset + 3] = (byte) value;
  }

  static int getInt(byte[] data, int offset) {
    return (data[offset] & 0xff) << 24
        | (data[offset + 1] & 0xff) << 16
        | (data[offset + 2] & 0xff) << 8
        | (data[offset + 3] & 0xff);
  }

  /**
   * Checks the MSG {@code wire} just read: subscription {@code sid}, {@code size} bytes, and the
   * next sequence number of its publisher, which {@code nextSeq} tracks and advances.
   */
  static void check(NatsWire wire, int sid, int size, int[] nextSeq) throws IOException {
    if (wire.sid() != sid) {
      throw new IOException("MSG for sid " + wire.sid() + ", expected " + sid);
    }
    if (wire.payloadLength() != size) {
      throw new IOException("MSG of " + wire.payloadLength() + " bytes, expected " + size);
    }
    int publisher = getInt(wire.payload(), 0);
    int seq = getInt(wire.payload(), 4);
    if (publisher < 0 || publisher >= nextSeq.length) {
      throw new IOException("MSG from unknown publisher " + publisher);
    }
    if (seq != nextSeq[publisher]) {
      throw new IOException(
          "publisher "
              + publisher
              + ": got message "
              + seq
              + ", expected "
              + nextSeq[publisher]
              + " (lost, duplicated or reordered)");
    }
    nextSeq[publisher]++;
  }
}
