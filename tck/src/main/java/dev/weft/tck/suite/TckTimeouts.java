package dev.weft.tck.suite;

import java.time.Duration;

/**
 * Every timeout the kit uses, in one place, multiplied by {@code -Dweft.tck.timeoutScale} (default
 * 1) for slow machines. A rule that runs past {@link #rule()} fails with a thread dump.
 *
 * @param scale the multiplier applied to every duration below
 */
public record TckTimeouts(double scale) {
  /** System property holding the scale factor. */
  public static final String SCALE_PROPERTY = "weft.tck.timeoutScale";

  public static TckTimeouts fromSystemProperties() {
    String s = System.getProperty(SCALE_PROPERTY, "1");
    try {
      double v = Double.parseDouble(s);
      if (!(v > 0)) {
        throw new NumberFormatException();
      }
      return new TckTimeouts(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + SCALE_PROPERTY + " must be a positive number, got '" + s + "'");
    }
  }

  public Duration scaled(Duration d) {
    return Duration.ofNanos((long) (d.toNanos() * scale));
  }

  /** Longest an ordinary rule may run. */
  public Duration rule() {
    return scaled(Duration.ofSeconds(20));
  }

  /** Longest a stress rule may run. */
  public Duration stress() {
    return scaled(Duration.ofSeconds(60));
  }

  /** "Promptly": how soon a cancel or a close must wake a suspended task (CANCEL-4, CLOSE-2). */
  public Duration prompt() {
    return scaled(Duration.ofMillis(100));
  }

  /** How long to wait for an expected event (data, a connection, a thread ending). */
  public Duration event() {
    return scaled(Duration.ofSeconds(5));
  }
}
