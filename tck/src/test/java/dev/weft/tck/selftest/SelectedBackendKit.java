package dev.weft.tck.selftest;

import dev.weft.spi.Backend;
import dev.weft.tck.WeftTck;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The kit as a self-test launches it, on whatever backend {@link KitRun} put in {@link
 * #UNDER_TEST}. Its name matches no Surefire pattern, and found some other way it skips itself, so
 * a broken backend is only ever judged inside a self-test.
 */
class SelectedBackendKit extends WeftTck {
  static final AtomicReference<Backend> UNDER_TEST = new AtomicReference<>();

  @BeforeAll
  static void onlyInsideSelfTest() {
    Assumptions.assumeTrue(UNDER_TEST.get() != null, "run only by KitRun, inside a self-test");
  }

  @Override
  protected Backend backend() {
    return UNDER_TEST.get();
  }
}
