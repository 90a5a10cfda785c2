package dev.weft.tck.interop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.opentest4j.AssertionFailedError;

/**
 * The conversation of every pairing. The client sends a pseudo-random payload in chunks of varying
 * size (some as two-buffer gathering writes, heap and direct), then half-closes. The server checks
 * every byte as it arrives and echoes it; after the client's EOF it sends a trailer (byte count and
 * CRC-32 of what it received) and half-closes in turn. The client checks the echo byte for byte,
 * then the trailer, then EOF. So both directions carry the exact payload, and data still flows
 * after a half-close, whichever implementation sits at each end.
 */
final class EchoExchange implements Exchange {
  private static final int TRAILER_BYTES = 16;

  private final byte[] payload;
  private final long seed;
  private final long crc;

  EchoExchange(int size, long seed) {
    this.payload = new byte[size];
    this.seed = seed;
    new SplittableRandom(seed).nextBytes(payload);
    CRC32 c = new CRC32();
    c.update(payload);
    this.crc = c.getValue();
  }

  @Override
  public String title() {
    return "echo "
        + (payload.length >= 1 << 20 ? (payload.length >> 20) + " MiB" : payload.length + " bytes")
        + " both ways, half-close, EOF";
  }

  /** Verifies and echoes until EOF, then sends the trailer, half-closes, and EOF stays EOF. */
  @Override
  public void server(Conn conn, String who) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
    CRC32 received = new CRC32();
    long count = 0;
    while (true) {
      buf.clear();
      int n = conn.read(buf);
      if (n < 0) {
        break;
      }
      if (n == 0) {
        throw new AssertionFailedError(
            who + ": read returned 0 with " + buf.capacity() + " bytes of room (READ-1)");
      }
      buf.flip();
      verify(buf, count, who + " received from the client");
      received.update(buf.duplicate());
      count += n;
      conn.write(buf);
    }
    if (count != payload.length) {
      throw new AssertionFailedError(
          who + " read EOF after " + count + " bytes; the client sent " + payload.length);
    }
    ByteBuffer trailer =
        ByteBuffer.allocate(TRAILER_BYTES).putLong(count).putLong(received.getValue()).flip();
    conn.write(trailer);
    conn.shutdownOutput();
    buf.clear();
    int after = conn.read(buf);
    if (after != -1) {
      throw new AssertionFailedError(
          who + ": a read after EOF returned " + after + ", expected -1 again");
    }
  }

  /** The payload in pseudo-random chunks, then half-close. */
  @Override
  public void clientWrites(Conn conn) throws IOException {
    SplittableRandom chunks = new SplittableRandom(~seed);
    int off = 0;
    while (off < payload.length) {
      int len = Math.min(payload.length - off, 1 + chunks.nextInt(64 * 1024));
      if (len > 1 && chunks.nextInt(3) == 0) {
        int first = len / 2;
        ByteBuffer direct =
            ByteBuffer.allocateDirect(len - first).put(payload, off + first, len - first).flip();
        conn.write(ByteBuffer.wrap(payload, off, first), direct);
      } else {
        conn.write(ByteBuffer.wrap(payload, off, len));
      }
      off += len;
    }
    conn.shutdownOutput();
  }

  /** The exact echo, the server's trailer, then EOF. */
  @Override
  public void clientReads(Conn conn, String who) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(24 * 1024);
    ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES);
    long count = 0;
    while (true) {
      buf.clear();
      int n = conn.read(buf);
      if (n < 0) {
        break;
      }
      buf.flip();
      int echoed = (int) Math.max(0, Math.min(n, payload.length - count));
      ByteBuffer echo = buf.duplicate().limit(buf.position() + echoed);
      verify(echo, count, who + " received in the echo");
      buf.position(buf.position() + echoed);
      if (buf.remaining() > trailer.remaining()) {
        throw new AssertionFailedError(
            who
                + " received more than the echo and its trailer: "
                + (count + n)
                + " bytes, expected "
                + (payload.length + TRAILER_BYTES));
      }
      trailer.put(buf);
      count += n;
    }
    if (count != payload.length + TRAILER_BYTES) {
      throw new AssertionFailedError(
          who
              + " read EOF after "
              + count
              + " bytes; expected the "
              + payload.length
              + "-byte echo and a "
              + TRAILER_BYTES
              + "-byte trailer");
    }
    trailer.flip();
    long serverCount = trailer.getLong();
    long serverCrc = trailer.getLong();
    if (serverCount != payload.length || serverCrc != crc) {
      throw new AssertionFailedError(
          who
              + ": the server reports "
              + serverCount
              + " bytes with CRC "
              + Long.toHexString(serverCrc)
              + ", the client sent "
              + payload.length
              + " with CRC "
              + Long.toHexString(crc));
    }
  }

  private void verify(ByteBuffer got, long offset, String what) {
    for (int i = got.position(), k = 0; i < got.limit(); i++, k++) {
      long at = offset + k;
      if (at >= payload.length) {
        throw new AssertionFailedError(
            what + ": byte beyond the " + payload.length + "-byte payload at offset " + at);
      }
      byte expected = payload[(int) at];
      if (got.get(i) != expected) {
        throw new AssertionFailedError(
            String.format(
                "%s: byte 0x%02x at offset %d, expected 0x%02x", what, got.get(i), at, expected));
      }
    }
  }
}
