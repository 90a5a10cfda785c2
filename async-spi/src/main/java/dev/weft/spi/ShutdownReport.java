package dev.weft.spi;

import java.util.List;

/**
 * What a shutdown left behind (SHUT-3).
 *
 * @param unfinishedTasks names of the tasks still running when the grace period ended
 */
public record ShutdownReport(List<String> unfinishedTasks) {
  public ShutdownReport {
    unfinishedTasks = List.copyOf(unfinishedTasks);
  }

  /** True when every task ended within the grace period. */
  public boolean clean() {
    return unfinishedTasks.isEmpty();
  }
}
