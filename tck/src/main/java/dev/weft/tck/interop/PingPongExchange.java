package dev.weft.tck.interop;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.opentest4j.AssertionFailedError;

/**
 * Many small request/response round trips, the traffic of a chatty protocol such as NATS. Each
 * request is a 2-byte length and 1 to 256 pseudo-random bytes, written as one gathering write; the
 * server checks it and answers with every byte XOR {@code 0x5A}; the client checks the answer
 * before sending the next request. After the last one the client half-closes, the server sees EOF
 * at a frame boundary and half-closes in turn, and the client reads EOF. A stack that delays small
 * segments (Nagle against delayed ACK) or splits and loses frame boundaries badly shows here, not
 * in a bulk transfer.
 */
final class PingPongExchange implements Exchange {
  private static final int MAX_BODY = 256;
  private static final byte ANSWER_MASK = 0x5A;

  private final int rounds;
  private final long seed;

  PingPongExchange(int rounds, long seed) {
    this.rounds = rounds;
    this.seed = seed;
  }

  @Override
  public String title() {
    return String.format("%,d small request/response round trips, half-close, EOF", rounds);
  }

  @Override
  public void server(Conn conn, String who) throws IOException {
    SplittableRandom expected = new SplittableRandom(seed);
    ByteBuffer header = ByteBuffer.allocate(2);
    for (int i = 0; i < rounds; i++) {
      byte[] request = body(expected);
      header.clear();
      if (!readFully(conn, header, who + " round " + i)) {
        throw new AssertionFailedError(
            who + " read EOF after " + i + " of " + rounds + " requests");
      }
      int length = header.flip().getShort() & 0xFFFF;
      if (length != request.length) {
        throw new AssertionFailedError(
            who
                + " round "
                + i
                + ": a request of "
                + length
                + " bytes, expected "
                + request.length);
      }
      ByteBuffer got = ByteBuffer.allocate(length);
      expectFully(conn, got, who + " round " + i);
      byte[] answer = new byte[length];
      for (int k = 0; k < length; k++) {
        if (got.get(k) != request[k]) {
          throw new AssertionFailedError(
              String.format(
                  "%s round %d: request byte %d is 0x%02x, expected 0x%02x",
                  who, i, k, got.get(k), request[k]));
        }
        answer[k] = (byte) (request[k] ^ ANSWER_MASK);
      }
      conn.write(ByteBuffer.allocate(2).putShort(0, (short) length), ByteBuffer.wrap(answer));
    }
    header.clear();
    int after = conn.read(header);
    if (after != -1) {
      throw new AssertionFailedError(
          who + ": after the last request read " + after + " more bytes, expected EOF");
    }
    conn.shutdownOutput();
  }

  @Override
  public void clientWrites(Conn conn) {
    // Requests and answers alternate, so the reading side sends too.
  }

  @Override
  public void clientReads(Conn conn, String who) throws IOException {
    SplittableRandom bodies = new SplittableRandom(seed);
    ByteBuffer header = ByteBuffer.allocate(2);
    for (int i = 0; i < rounds; i++) {
      byte[] request = body(bodies);
      conn.write(
          ByteBuffer.allocate(2).putShort(0, (short) request.length), ByteBuffer.wrap(request));
      header.clear();
      expectFully(conn, header, who + " round " + i);
      int length = header.flip().getShort() & 0xFFFF;
      if (length != request.length) {
        throw new AssertionFailedError(
            who
                + " round "
                + i
                + ": an answer of "
                + length
                + " bytes to a request of "
                + request.length);
      }
      ByteBuffer answer = ByteBuffer.allocate(length);
      expectFully(conn, answer, who + " round " + i);
      for (int k = 0; k < length; k++) {
        byte want = (byte) (request[k] ^ ANSWER_MASK);
        if (answer.get(k) != want) {
          throw new AssertionFailedError(
              String.format(
                  "%s round %d: answer byte %d is 0x%02x, expected 0x%02x",
                  who, i, k, answer.get(k), want));
        }
      }
    }
    conn.shutdownOutput();
    header.clear();
    int after = conn.read(header);
    if (after != -1) {
      throw new AssertionFailedError(
          who + ": after the last answer read " + after + " more bytes, expected EOF");
    }
  }

  private static byte[] body(SplittableRandom rnd) {
    byte[] b = new byte[1 + rnd.nextInt(MAX_BODY)];
    rnd.nextBytes(b);
    return b;
  }

  /** Fills {@code dst}; false on EOF before its first byte (a clean end at a frame boundary). */
  private static boolean readFully(Conn conn, ByteBuffer dst, String what) throws IOException {
    int start = dst.position();
    while (dst.hasRemaining()) {
      if (conn.read(dst) < 0) {
        int got = dst.position() - start;
        if (got == 0) {
          return false;
        }
        throw new EOFException(
            what + ": EOF after " + got + " of " + (got + dst.remaining()) + " bytes");
      }
    }
    return true;
  }

  private static void expectFully(Conn conn, ByteBuffer dst, String what) throws IOException {
    if (!readFully(conn, dst, what)) {
      throw new EOFException(what + ": EOF where " + dst.remaining() + " bytes were due");
    }
  }
}
