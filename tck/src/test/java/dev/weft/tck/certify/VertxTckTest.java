package dev.weft.tck.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.spi.Backend;
import dev.weft.spi.Backends;
import dev.weft.tck.WeftTck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Certifies the built-in Vert.x backend. Besides every rule, the run must not stall an event loop:
 * any "Thread ... has been blocked" warning that Vert.x raised for the backend's own {@code Vertx}
 * instances during the run fails the class.
 */
@EnabledIf(
    value = "dev.weft.tck.certify.SelectedBackends#vertx",
    disabledReason = "backend 'vertx' is not in -Dweft.tck.backends (another -Pbackend was chosen)")
class VertxTckTest extends WeftTck {

  private static long warningsBefore;

  @BeforeAll
  static void countWarningsFromHere() throws ReflectiveOperationException {
    warningsBefore = blockedThreadWarnings();
  }

  @AfterAll
  static void noEventLoopWasBlocked() throws ReflectiveOperationException {
    long during = blockedThreadWarnings() - warningsBefore;
    assertEquals(
        0,
        during,
        during
            + " Vert.x blocked-thread warning(s) during the TCK run; see the"
            + " 'has been blocked for' lines in this class's output");
  }

  /**
   * The backend's public counter. The tck module sees backends at run time only (through
   * ServiceLoader), so the class comes from the bound provider rather than from an import.
   */
  private static long blockedThreadWarnings() throws ReflectiveOperationException {
    Class<?> type = Backends.named("vertx").getClass();
    return (long) type.getMethod("blockedThreadWarnings").invoke(null);
  }

  @Override
  protected Backend backend() {
    return Backends.named("vertx");
  }
}
