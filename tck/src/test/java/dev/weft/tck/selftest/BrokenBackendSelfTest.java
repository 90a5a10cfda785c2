package dev.weft.tck.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.Backend;
import dev.weft.spi.Backends;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kit judged by deliberately broken backends: each must fail, and fail on the rule its defect
 * breaks. The same rules run on the unbroken backend, plain and decorated, must pass, so a failure
 * is known to come from the defect.
 */
class BrokenBackendSelfTest {
  private static Backend loom() {
    return Backends.named("loom");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Defect.class)
  void brokenBackendFailsOnItsRule(Defect defect) {
    KitRun run = KitRun.of(defect.breaking(loom()), defect.rules);
    assertFalse(
        run.failed().isEmpty(),
        () ->
            "the kit let a backend with the defect '"
                + defect
                + "' pass; one of "
                + defect.expected
                + " should have failed.\n"
                + run.summary());
    for (KitRun.Failure f : run.failed()) {
      assertTrue(
          defect.expected.contains(f.ruleId()),
          () ->
              "failed on the wrong rule: '"
                  + f.displayName()
                  + "' but the defect '"
                  + defect
                  + "' belongs to "
                  + defect.expected
                  + ".\n"
                  + run.summary());
    }
  }

  @ParameterizedTest(name = "{0}: passes without the defect")
  @EnumSource(Defect.class)
  void decoratedButUnbrokenBackendPasses(Defect defect) {
    KitRun run = KitRun.of(new ForwardingBackend("transparent", loom()), defect.rules);
    assertEquals(List.of(), run.failed(), run::summary);
    assertTrue(
        run.passedAmong(defect.expected) > 0,
        () -> "no rule among " + defect.expected + " ran.\n" + run.summary());
  }

  @Test
  void unwrappedLoomPassesEverySelectedRule() {
    String rules =
        Arrays.stream(Defect.values())
            .map(d -> d.rules)
            .distinct()
            .collect(Collectors.joining(","));
    KitRun run = KitRun.of(loom(), rules);
    assertEquals(List.of(), run.failed(), run::summary);
    for (Defect d : Defect.values()) {
      assertTrue(
          run.passedAmong(d.expected) > 0,
          () -> "no rule among " + d.expected + " ran.\n" + run.summary());
    }
  }
}
