package dev.weft.server.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Makes hostile client input from a seed corpus of valid frames: byte flips, insertions, deletions,
 * duplications, number rewrites (sizes and sids are where parsers break), truncation, splices of
 * two frames and plain noise. Deterministic for a given {@link Random}.
 */
public final class FrameMutator {
  /** Valid client frames covering every op and the CONNECT options that change parsing. */
  static final List<String> SEEDS =
      List.of(
          "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true}\r\n",
          "CONNECT {\"verbose\":true,\"pedantic\":true,\"echo\":false}\r\n",
          "PING\r\n",
          "PONG\r\n",
          "SUB foo 1\r\n",
          "SUB foo.* workers 2\r\n",
          "SUB > 3\r\n",
          "SUB fuzz.> 4\r\n",
          "PUB foo 5\r\nhello\r\n",
          "PUB foo.bar reply.x 0\r\n\r\n",
          "PUB req _INBOX.fz 2\r\nhi\r\n",
          "HPUB foo 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
          "HPUB foo.x r 22 25\r\nNATS/1.0\r\nK: v\r\n\r\n\r\nabc\r\n",
          "UNSUB 1\r\n",
          "UNSUB 2 5\r\n",
          "sub lower 9\r\npub lower 1\r\nx\r\n");

  private static final String[] NUMBERS = {
    "0",
    "-1",
    "1",
    "4096",
    "99999999999999999999",
    "2147483648",
    "1048577",
    "18446744073709551616",
    "",
    " ",
    "1 1",
    "abc"
  };

  private final Random random;

  public FrameMutator(Random random) {
    this.random = random;
  }

  /** One fuzzed input: a few frames, each a seed or a mutation of one. */
  public byte[] nextInput() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int frames = 1 + random.nextInt(12);
    for (int i = 0; i < frames; i++) {
      byte[] frame = seed();
      // One frame in four is mutated: a mutation usually ends the connection, and the frames
      // before it should reach deep enough states (subscribed, verbose, mid-payload) first.
      if (random.nextInt(4) == 0) {
        frame = mutate(frame);
      }
      out.writeBytes(frame);
    }
    return out.toByteArray();
  }

  private byte[] seed() {
    return SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8);
  }

  byte[] mutate(byte[] in) {
    int rounds = 1 + random.nextInt(3);
    byte[] b = in;
    for (int r = 0; r < rounds; r++) {
      b =
          switch (random.nextInt(8)) {
            case 0 -> flip(b);
            case 1 -> insert(b);
            case 2 -> delete(b);
            case 3 -> duplicate(b);
            case 4 -> renumber(b);
            case 5 -> truncate(b);
            case 6 -> splice(b, seed());
            default -> noise();
          };
    }
    return b;
  }

  private byte[] flip(byte[] b) {
    if (b.length == 0) {
      return b;
    }
    byte[] c = b.clone();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      c[random.nextInt(c.length)] = interestingByte();
    }
    return c;
  }

  private byte interestingByte() {
    byte[] special = {
      '\r', '\n', ' ', '\t', '.', '*', '>', '{', '}', '"', '0', '9', '-', 0, (byte) 0xff
    };
    return random.nextBoolean()
        ? special[random.nextInt(special.length)]
        : (byte) random.nextInt(256);
  }

  private byte[] insert(byte[] b) {
    int at = random.nextInt(b.length + 1);
    byte[] extra = new byte[1 + random.nextInt(8)];
    for (int i = 0; i < extra.length; i++) {
      extra[i] = interestingByte();
    }
    return join(slice(b, 0, at), extra, slice(b, at, b.length));
  }

  private byte[] delete(byte[] b) {
    if (b.length < 2) {
      return b;
    }
    int from = random.nextInt(b.length);
    int to = Math.min(b.length, from + 1 + random.nextInt(6));
    return join(slice(b, 0, from), slice(b, to, b.length));
  }

  private byte[] duplicate(byte[] b) {
    if (b.length == 0) {
      return b;
    }
    int from = random.nextInt(b.length);
    int to = Math.min(b.length, from + 1 + random.nextInt(16));
    return join(slice(b, 0, to), slice(b, from, to), slice(b, to, b.length));
  }

  /** Replaces one run of digits: sizes, sids and max counts. */
  private byte[] renumber(byte[] b) {
    String s = new String(b, StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(s);
    java.util.List<int[]> runs = new java.util.ArrayList<>();
    while (m.find()) {
      runs.add(new int[] {m.start(), m.end()});
    }
    if (runs.isEmpty()) {
      return b;
    }
    int[] run = runs.get(random.nextInt(runs.size()));
    String n =
        random.nextBoolean()
            ? NUMBERS[random.nextInt(NUMBERS.length)]
            : Integer.toString(random.nextInt(70));
    return (s.substring(0, run[0]) + n + s.substring(run[1])).getBytes(StandardCharsets.ISO_8859_1);
  }

  private byte[] truncate(byte[] b) {
    return b.length == 0 ? b : slice(b, 0, random.nextInt(b.length));
  }

  private byte[] splice(byte[] a, byte[] b) {
    return join(
        slice(a, 0, random.nextInt(a.length + 1)),
        slice(b, random.nextInt(b.length + 1), b.length));
  }

  private byte[] noise() {
    byte[] c = new byte[1 + random.nextInt(64)];
    for (int i = 0; i < c.length; i++) {
      c[i] = interestingByte();
    }
    return c;
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }

  private static byte[] join(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
