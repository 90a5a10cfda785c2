package dev.weft.server.routing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small direct-mapped cache from published subject bytes to {@link MatchResult}, owned by one
 * connection's reader task (so it needs no synchronisation). A hit costs a hash and a byte compare
 * and allocates nothing, which keeps the PUB to MSG path allocation-free; an entry is valid only
 * for the sublist generation it was computed in.
 */
public final class SubjectCache<S> {
  private static final int SLOTS = 128;

  private final Sublist<S> sublist;
  private final byte[][] keys = new byte[SLOTS][];

  @SuppressWarnings("unchecked")
  private final MatchResult<S>[] results = (MatchResult<S>[]) new MatchResult<?>[SLOTS];

  private final long[] generations = new long[SLOTS];
  private byte[] lastKey;
  private MatchResult<S> lastResult;
  private long lastGen;

  public SubjectCache(Sublist<S> sublist) {
    this.sublist = sublist;
  }

  public MatchResult<S> match(byte[] b, int off, int len) {
    // Read the generation before matching: a concurrent change then makes this entry stale
    // at the next lookup instead of letting an old result pass for a new one.
    long gen = sublist.generation();
    // Publishers mostly repeat one subject: try the last hit before hashing.
    byte[] last = lastKey;
    if (last != null && last.length == len && lastGen == gen && same(last, b, off, len)) {
      return lastResult;
    }
    int slot = hash(b, off, len) & (SLOTS - 1);
    byte[] key = keys[slot];
    if (key != null && key.length == len && generations[slot] == gen && same(key, b, off, len)) {
      remember(key, results[slot], gen);
      return results[slot];
    }
    MatchResult<S> r = sublist.match(new String(b, off, len, StandardCharsets.ISO_8859_1));
    keys[slot] = Arrays.copyOfRange(b, off, off + len);
    results[slot] = r;
    generations[slot] = gen;
    remember(keys[slot], r, gen);
    return r;
  }

  private void remember(byte[] key, MatchResult<S> r, long gen) {
    lastKey = key;
    lastResult = r;
    lastGen = gen;
  }

  private static boolean same(byte[] key, byte[] b, int off, int len) {
    for (int i = 0; i < len; i++) {
      if (key[i] != b[off + i]) {
        return false;
      }
    }
    return true;
  }

  private static int hash(byte[] b, int off, int len) {
    int h = 0x811c9dc5;
    for (int i = off; i < off + len; i++) {
      h = (h ^ b[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }
}
