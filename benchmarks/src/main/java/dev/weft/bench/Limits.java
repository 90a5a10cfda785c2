package dev.weft.bench;

import java.time.Duration;

/** Bounds shared by the measurements, so one slow variant cannot hold the whole run hostage. */
public final class Limits {
  /** Cap on each recorded (timed) phase. */
  public static final Duration TIMED_CAP = Duration.ofSeconds(15);

  /** Cap on each warm-up phase; a warm-up that hits it is cut short and the run still records. */
  public static final Duration WARMUP_CAP = Duration.ofSeconds(15);

  /** How long the harness waits for a task to finish before calling the run broken. */
  public static final Duration JOIN = Duration.ofSeconds(60);

  private Limits() {}
}
