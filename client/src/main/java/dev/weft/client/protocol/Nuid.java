package dev.weft.client.protocol;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Unique ids for inbox subjects, shaped like NATS NUIDs: 22 base-62 characters, a random
 * 12-character prefix and a 10-character sequence that advances by a random step. Cheap to call per
 * request, and unguessable enough that two clients never share an inbox.
 */
public final class Nuid {
  private static final char[] DIGITS =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int PREFIX_LEN = 12;
  private static final int SEQ_LEN = 10;
  private static final long MAX_SEQ = 839_299_365_868_340_224L; // 62^10
  private static final SecureRandom SEED = new SecureRandom();

  private final char[] prefix = new char[PREFIX_LEN];
  private long seq;
  private long inc;

  public Nuid() {
    randomize();
  }

  /** A new id; synchronized because requests are made from many threads. */
  public synchronized String next() {
    seq += inc;
    if (seq >= MAX_SEQ) {
      randomize();
    }
    char[] out = new char[PREFIX_LEN + SEQ_LEN];
    System.arraycopy(prefix, 0, out, 0, PREFIX_LEN);
    long v = seq;
    for (int i = out.length - 1; i >= PREFIX_LEN; i--) {
      out[i] = DIGITS[(int) (v % 62)];
      v /= 62;
    }
    return new String(out);
  }

  private void randomize() {
    for (int i = 0; i < PREFIX_LEN; i++) {
      prefix[i] = DIGITS[SEED.nextInt(62)];
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    seq = r.nextLong(MAX_SEQ / 2);
    inc = 33 + r.nextLong(300);
  }
}
