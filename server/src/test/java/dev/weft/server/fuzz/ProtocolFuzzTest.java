package dev.weft.server.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.WeftServer;
import dev.weft.server.differential.RawConnection;
import dev.weft.spi.Backends;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated frames from many connections at once. The server must neither crash nor hang:
 * a healthy control client keeps completing PUB/MSG and PING/PONG round trips within a deadline the
 * whole time, and afterwards every fuzzed connection is either closed by the server or still usable
 * (answers PING). Bounded in sessions and time; the seed is fixed ({@code -Dweft.fuzz.seed} to
 * change it, {@code -Dweft.fuzz.sessions} for more) and every failure names the session seed that
 * reproduces it.
 */
class ProtocolFuzzTest {
  private static final long SEED = Long.getLong("weft.fuzz.seed", 0x5EEDL);
  private static final int SESSIONS = Integer.getInteger("weft.fuzz.sessions", 300);
  private static final int CONCURRENT = 16;
  private static final Duration TIME_BUDGET = Duration.ofSeconds(8);
  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final int MAX_PAYLOAD = 1024;

  /** How long a healthy connection gets to answer the first probe PING. */
  private static final Duration PROBE = Duration.ofMillis(500);

  @Test
  void serverSurvivesFuzzedClients() throws Exception {
    try (WeftServer server =
        WeftServer.builder()
            .host("127.0.0.1")
            .port(0)
            .backend(Backends.named("loom"))
            .maxPayload(MAX_PAYLOAD)
            .start()) {
      AtomicBoolean fuzzing = new AtomicBoolean(true);
      AtomicInteger rounds = new AtomicInteger();
      AtomicLong worstRoundNanos = new AtomicLong();
      List<String> failures = Collections.synchronizedList(new ArrayList<>());
      Thread control =
          Thread.ofPlatform()
              .name("fuzz-control")
              .start(
                  () -> {
                    try (ControlClient c = new ControlClient(server.address(), DEADLINE)) {
                      while (fuzzing.get()) {
                        long t0 = System.nanoTime();
                        c.roundTrip(rounds.get());
                        worstRoundNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                        rounds.incrementAndGet();
                      }
                      c.roundTrip(-1); // and once more after the last fuzzed connection
                    } catch (IOException e) {
                      failures.add(
                          "control client failed after "
                              + rounds.get()
                              + " rounds: "
                              + e.getMessage());
                    }
                  });

      ExecutorService pool =
          Executors.newFixedThreadPool(CONCURRENT, Thread.ofPlatform().name("fuzz-", 0).factory());
      AtomicInteger closed = new AtomicInteger();
      AtomicInteger usable = new AtomicInteger();
      AtomicInteger skipped = new AtomicInteger();
      long budgetEnd = System.nanoTime() + TIME_BUDGET.toNanos();
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        long sessionSeed = SEED * 1_000_003L + i;
        futures.add(
            pool.submit(
                () -> {
                  if (System.nanoTime() > budgetEnd) {
                    skipped.incrementAndGet();
                    return;
                  }
                  try {
                    switch (session(server, sessionSeed)) {
                      case CLOSED -> closed.incrementAndGet();
                      case USABLE -> usable.incrementAndGet();
                    }
                  } catch (AssertionError | Exception e) {
                    failures.add("session seed " + sessionSeed + ": " + e.getMessage());
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(TIME_BUDGET.toMillis() + 4 * DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      }
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
      fuzzing.set(false);
      control.join(DEADLINE.toMillis() * 2);
      assertTrue(!control.isAlive(), "control client hung");

      String summary =
          "sessions: "
              + closed
              + " closed by the server, "
              + usable
              + " still usable, "
              + skipped
              + " skipped (time budget); control round trips: "
              + rounds
              + ", worst "
              + TimeUnit.NANOSECONDS.toMillis(worstRoundNanos.get())
              + " ms";
      System.out.println("[fuzz] seed " + SEED + ": " + summary);
      assertEquals(List.of(), failures, summary);
      assertTrue(rounds.get() > 0, "the control client made no round trip: " + summary);
      assertTrue(
          closed.get() + usable.get() >= Math.min(SESSIONS, 50),
          "too few sessions ran: " + summary);
      assertTrue(
          closed.get() > 0 && usable.get() > 0,
          "a fuzz corpus that never (or always) breaks the connection tests too little: "
              + summary);

      // No connection leaks: once our sockets are closed the server forgets them.
      long end = System.nanoTime() + DEADLINE.toNanos();
      while (server.connectionCount() > 0 && System.nanoTime() < end) {
        java.util.concurrent.locks.LockSupport.parkNanos(
            1_000_000); // poll the count without starving the server of CPU
      }
      assertEquals(
          0, server.connectionCount(), "connections still registered after every client left");
    }
  }

  private enum Verdict {
    CLOSED,
    USABLE
  }

  /**
   * One fuzzed connection: send mutated frames in random chunks, then probe with PING. A server
   * still waiting for payload bytes the fuzz declared gets more than max_payload bytes first; in
   * the end it must answer PONG or close the connection, within the deadline.
   */
  private static Verdict session(WeftServer server, long seed) throws Exception {
    Random random = new Random(seed);
    FrameMutator mutator = new FrameMutator(random);
    try (RawConnection c = new RawConnection("fuzz-" + seed, server.address(), DEADLINE)) {
      byte[] input = mutator.nextInput();
      int at = 0;
      while (at < input.length && !c.isEof()) {
        int n = Math.min(input.length - at, 1 + random.nextInt(64));
        try {
          c.send(java.util.Arrays.copyOfRange(input, at, at + n));
        } catch (IOException e) {
          break; // closed by the server while we were still writing
        }
        at += n;
      }
      byte[] pong = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);
      int before = c.received().length;
      try {
        c.send("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        // already closed: the waits below see the EOF
      }
      if (c.awaitBytes(b -> indexOf(b, pong, before) >= 0, PROBE)) {
        return Verdict.USABLE;
      }
      if (c.isEof()) {
        return Verdict.CLOSED;
      }
      // Neither: the PING may have gone into a payload the fuzz declared. Send more than any
      // payload can hold; the server must then answer or close.
      int mid = c.received().length;
      byte[] filler =
          ("x".repeat(MAX_PAYLOAD + 2) + "\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII);
      try {
        c.send(filler);
      } catch (IOException e) {
        // closed meanwhile
      }
      if (c.awaitBytes(b -> indexOf(b, pong, mid) >= 0, DEADLINE)) {
        return Verdict.USABLE;
      }
      if (c.awaitEof(DEADLINE)) {
        return Verdict.CLOSED;
      }
      throw new AssertionError(
          "connection neither answered PING nor was closed within "
              + DEADLINE
              + "; input was '"
              + escape(input)
              + "'; received '"
              + escape(c.received())
              + "'");
    }
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String escape(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      int c = x & 0xff;
      if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c < 0x20 || c >= 0x7f) {
        sb.append(String.format("\\x%02x", c));
      } else {
        sb.append((char) c);
      }
    }
    return sb.length() > 2000 ? sb.substring(0, 2000) + "..." : sb.toString();
  }
}
