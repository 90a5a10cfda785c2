package dev.weft.tck.selftest;

import dev.weft.spi.Backend;
import java.util.List;
import java.util.function.Function;

/**
 * The deliberate defects the kit must catch: each breaks the real backend in exactly one way, and
 * names the rules to run and the rule IDs the kit must report as failed. Where it is cheap the
 * selection is a whole area (say {@code CLOSE-,READ-}), so passing the neighbouring rules shows the
 * kit pins the defect on its own rule rather than failing everything near it.
 */
enum Defect {
  LOST_WAKEUP("lost wake-up", LostWakeupBackend::new, "SIG-1,STRESS-1", "SIG-1", "STRESS-1"),
  IGNORED_TIMEOUT(
      "ignored timeout", IgnoredTimeoutBackend::new, "WAIT-,EITHER-", "WAIT-6", "EITHER-2"),
  SWALLOWED_CANCEL(
      "swallowed cancellation",
      SwallowedCancelBackend::new,
      "CANCEL-2,CANCEL-4",
      "CANCEL-2",
      "CANCEL-4"),
  CANCEL_DROPS_BYTES(
      "bytes dropped when a cancel races a read",
      CancelDropsBytesBackend::new,
      "CANCEL-,READ-",
      "CANCEL-3"),
  CLOSE_IGNORES_READER(
      "close does not wake a blocked reader",
      CloseIgnoresReaderBackend::new,
      "CLOSE-,READ-",
      "CLOSE-2"),
  UNBOUNDED_WRITE(
      "unbounded write buffering", UnboundedWriteBackend::new, "WRITE-,HALF-", "WRITE-2"),
  LEAKED_PLATFORM_THREAD(
      "platform thread left alive after close",
      real -> new LeakedThreadBackend(real, false),
      "SHUT-",
      "SHUT-5"),
  LEAKED_VIRTUAL_THREAD(
      "virtual thread left alive after close",
      real -> new LeakedThreadBackend(real, true),
      "SHUT-",
      "SHUT-5"),
  CORRUPT_READ(
      "one flipped bit in the inbound stream",
      CorruptReadBackend::new,
      "PEER-1,PEER-2",
      "PEER-1",
      "PEER-2"),
  NAGLE("TCP_NODELAY left off", NagleBackend::new, "SOCK-", "SOCK-1");

  private final String label;
  private final Function<Backend, ForwardingBackend> breaker;

  /** The -Dweft.tck.rules selection for this defect. */
  final String rules;

  /** The rule IDs that may report it; at least one must fail, and nothing else may. */
  final List<String> expected;

  Defect(
      String label,
      Function<Backend, ForwardingBackend> breaker,
      String rules,
      String... expected) {
    this.label = label;
    this.breaker = breaker;
    this.rules = rules;
    this.expected = List.of(expected);
  }

  ForwardingBackend breaking(Backend real) {
    return breaker.apply(real);
  }

  @Override
  public String toString() {
    return label + " -> " + String.join(" / ", expected);
  }
}
