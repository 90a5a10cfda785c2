package dev.weft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Summarises a {@code bin/bench-spi-vs-native} session: the SPI ({@link SpiBench}) and the native
 * baselines ({@code dev.weft.bench.natives.NativeBench}) on the same runtime, measured alternately
 * in one session, one JVM per figure. For each figure it prints both medians and the median of the
 * per-round ratios, because a ratio of two runs minutes apart on this noisy machine says less than
 * one of two runs seconds apart.
 *
 * <p>Input lines: {@code round=R side=native|spi RESULT measurement runtime status=ok
 * key=value...}.
 */
public final class SideBySide {
  private static final Pattern LINE =
      Pattern.compile("round=(\\d+) side=(native|spi) RESULT (\\S+) (\\S+) status=(\\S+)(.*)");
  private static final Pattern KV = Pattern.compile("(\\w+)=([0-9.]+)");

  /** A figure compared: SPI measurement and metric against the native one. */
  private record Pairing(
      String label,
      String spiMeasurement,
      String nativeMeasurement,
      String metric,
      boolean nativeIsFloor,
      boolean higherIsBetter) {}

  private static final List<Pairing> PAIRINGS =
      List.of(
          new Pairing("pingpong round trips/s", "pingpong", "pingpong", "rtps", false, true),
          new Pairing("pingpong p50 µs", "pingpong", "pingpong", "p50us", false, false),
          new Pairing("pingpong p99 µs", "pingpong", "pingpong", "p99us", false, false),
          new Pairing("64 KiB stream MB/s", "stream", "stream", "mbps", false, true),
          new Pairing(
              "signal p50 µs (native: VT↔VT hand-off floor)",
              "signal",
              "handoff",
              "p50us",
              true,
              false));

  private SideBySide() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: SideBySide RAW_RESULTS_FILE");
      System.exit(2);
    }
    // "side measurement runtime metric" -> round -> value
    Map<String, Map<Integer, Double>> values = new LinkedHashMap<>();
    List<String> failed = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      Matcher m = LINE.matcher(line.strip());
      if (!m.matches()) {
        continue;
      }
      int round = Integer.parseInt(m.group(1));
      String key = m.group(2) + " " + m.group(3) + " " + m.group(4);
      if (!m.group(5).equals("ok")) {
        failed.add(line.strip());
        continue;
      }
      Matcher kv = KV.matcher(m.group(6));
      while (kv.find()) {
        values
            .computeIfAbsent(key + " " + kv.group(1), k -> new LinkedHashMap<>())
            .put(round, Double.parseDouble(kv.group(2)));
      }
    }
    System.out.println(
        "| figure | runtime | SPI median | native median | SPI / native (median of per-round ratios) |");
    System.out.println("|---|---|---|---|---|");
    for (Pairing p : PAIRINGS) {
      for (String runtime : List.of("loom", "netty", "vertx")) {
        Map<Integer, Double> spi =
            values.get("spi " + p.spiMeasurement() + " " + runtime + " " + p.metric());
        String nativeRuntime = p.nativeIsFloor() ? "vt" : runtime;
        Map<Integer, Double> nat =
            values.get("native " + p.nativeMeasurement() + " " + nativeRuntime + " " + p.metric());
        if (spi == null || nat == null) {
          continue;
        }
        List<Double> ratios = new ArrayList<>();
        for (var e : spi.entrySet()) {
          Double n = nat.get(e.getKey());
          if (n != null && n > 0) {
            ratios.add(e.getValue() / n);
          }
        }
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %s | %s | %s |%n",
            p.label(),
            runtime,
            summary(new ArrayList<>(spi.values())),
            summary(new ArrayList<>(nat.values())),
            ratios.isEmpty()
                ? "-"
                : summary(ratios)
                    + (p.higherIsBetter() ? " (higher is better)" : " (lower is better)"));
      }
    }
    if (!failed.isEmpty()) {
      System.out.println();
      System.out.println("failed runs:");
      failed.forEach(System.out::println);
    }
  }

  private static String summary(List<Double> v) {
    Collections.sort(v);
    int n = v.size();
    double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    return n == 1
        ? format(median)
        : format(median) + " [" + format(v.get(0)) + "–" + format(v.get(n - 1)) + "]";
  }

  private static String format(double d) {
    if (Math.abs(d) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", d);
    }
    if (Math.abs(d) >= 10) {
      return String.format(Locale.ROOT, "%.1f", d);
    }
    return String.format(Locale.ROOT, "%.2f", d);
  }
}
