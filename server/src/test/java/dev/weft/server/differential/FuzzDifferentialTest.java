package dev.weft.server.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.server.fuzz.FrameMutator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fuzz corpus as a differential test: each mutated input is sent on a fresh connection to
 * nats-server and to Weft, followed by a PING, and both must answer the same frames and agree on
 * whether the connection survives. Catches the error paths hand-written scripts miss. Fixed seed
 * ({@code -Dweft.fuzz.seed}); a mismatch names the seed and shows both transcripts.
 */
class FuzzDifferentialTest {
  private static final long SEED = Long.getLong("weft.fuzz.seed", 0x5EEDL);
  private static final int INPUTS = Integer.getInteger("weft.fuzz.differentialInputs", 150);
  private static final Duration QUIET = Duration.ofMillis(250);
  private static final Duration DEADLINE = Duration.ofSeconds(3);
  private static final List<String> CONFIG = List.of("max_payload: 1024");

  @Test
  void sameAnswersAsNatsServer() throws Exception {
    assumeTrue(NatsServerUnderTest.installed(), NatsServerUnderTest.HOW_TO_ENABLE);
    List<byte[]> inputs = new ArrayList<>();
    Random random = new Random(SEED);
    FrameMutator mutator = new FrameMutator(random);
    for (int i = 0; i < INPUTS; i++) {
      inputs.add(mutator.nextInput());
    }
    List<String> nats = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    try (NatsServerUnderTest reference = NatsServerUnderTest.start(CONFIG, Duration.ofSeconds(10));
        WeftUnderTest ours = WeftUnderTest.start("fuzz", CONFIG)) {
      warmUp(reference);
      warmUp(ours);
      for (int i = 0; i < inputs.size(); i++) {
        byte[] input = inputs.get(i);
        String n = outcome(reference, input);
        String w = outcome(ours, input);
        // A settle decision can be skewed by a stall of this shared machine: a difference
        // counts only if it shows again on a second try.
        if (!n.equals(w)) {
          n = outcome(reference, input);
          w = outcome(ours, input);
        }
        nats.add(n);
        if (!n.equals(w)) {
          mismatches.add(
              "input #"
                  + i
                  + " (seed "
                  + SEED
                  + "): '"
                  + ProtocolScript.escape(input)
                  + "'\n    nats-server: "
                  + n
                  + "\n    weft:        "
                  + w);
        }
      }
    }
    java.util.Map<String, Long> states =
        nats.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    o -> o.substring(0, o.indexOf(' ')),
                    java.util.TreeMap::new,
                    java.util.stream.Collectors.counting()));
    System.out.println(
        "[fuzz-differential] seed "
            + SEED
            + ", "
            + inputs.size()
            + " inputs, nats-server outcomes "
            + states);
    assertEquals(
        List.of(),
        mismatches,
        mismatches.size()
            + " of "
            + inputs.size()
            + " fuzzed inputs answered differently:\n"
            + String.join("\n", mismatches));
  }

  /**
   * The frames received after INFO (as a multiset, since several subscriptions of one connection
   * may match in any order) and how the connection ended: closed, answering, or still waiting for
   * payload bytes the input declared (our PING went into that payload).
   */
  private static String outcome(ServerUnderTest server, byte[] input) throws Exception {
    try (RawConnection c = new RawConnection("fuzz", server.address(), DEADLINE)) {
      c.awaitBytes(
          b -> ScriptRunner.indexOf(b, "\r\n".getBytes(StandardCharsets.US_ASCII), 0) >= 0,
          DEADLINE);
      int infoEnd =
          ScriptRunner.indexOf(c.received(), "\r\n".getBytes(StandardCharsets.US_ASCII), 0) + 2;
      try {
        c.send(input);
        c.send("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        // closed while sending; the EOF below tells
      }
      // Settled: closed, or nothing new for QUIET. (The input may hold PINGs of its own, so the
      // first PONG is not necessarily the answer to ours.)
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (!c.isEof() && System.nanoTime() < deadline) {
        int seen = c.received().length;
        if (!c.awaitBytes(b -> b.length > seen, QUIET)) {
          break;
        }
      }
      String state;
      if (c.isEof()) {
        state = "closed";
      } else {
        state =
            endsWith(c.received(), "PONG\r\n".getBytes(StandardCharsets.US_ASCII))
                ? "open"
                : "waiting";
      }
      byte[] all = c.received();
      byte[] after = java.util.Arrays.copyOfRange(all, Math.min(infoEnd, all.length), all.length);
      return state + " " + Frames.split(after).stream().sorted().toList();
    }
  }

  /**
   * A few round trips first, so that the first fuzzed input does not also measure class loading.
   */
  private static void warmUp(ServerUnderTest server) throws Exception {
    byte[] pong = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 20; i++) {
      try (RawConnection c = new RawConnection("warm-up", server.address(), DEADLINE)) {
        c.send(
            "CONNECT {\"verbose\":false}\r\nSUB w 1\r\nPUB w 1\r\nx\r\nPING\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        if (!c.awaitBytes(b -> ScriptRunner.indexOf(b, pong, 0) >= 0, DEADLINE)) {
          throw new AssertionError(server.label() + " did not answer the warm-up PING");
        }
      }
    }
  }

  private static boolean endsWith(byte[] b, byte[] suffix) {
    if (b.length < suffix.length) {
      return false;
    }
    for (int i = 0; i < suffix.length; i++) {
      if (b[b.length - suffix.length + i] != suffix[i]) {
        return false;
      }
    }
    return true;
  }
}
