package dev.weft.bench;

import java.util.Locale;

/**
 * The machine-readable line one run prints ({@code RESULT measurement variant status=ok
 * key=value...}), shared by {@link SpiBench} and the native baselines so that {@code
 * bin/bench-spi-vs-native} can pair their runs.
 */
public final class ResultLines {
  private ResultLines() {}

  /** The line for a run that produced {@code figures}. */
  public static String of(String measurement, String variant, Figures figures) {
    StringBuilder sb =
        new StringBuilder("RESULT ")
            .append(measurement)
            .append(' ')
            .append(variant)
            .append(" status=ok");
    for (var e : figures.values().entrySet()) {
      sb.append(' ')
          .append(key(e.getKey()))
          .append('=')
          .append(String.format(Locale.ROOT, "%.2f", e.getValue()));
    }
    return sb.toString();
  }

  /** The line for a run that did not complete. */
  public static String failed(String measurement, String variant) {
    return "RESULT " + measurement + " " + variant + " status=failed";
  }

  private static String key(String metric) {
    return switch (metric) {
      case "round trips/s" -> "rtps";
      case "p50 µs" -> "p50us";
      case "p99 µs" -> "p99us";
      case "MB/s" -> "mbps";
      case "MB timed" -> "mbtimed";
      default -> metric.replace(' ', '_');
    };
  }
}
