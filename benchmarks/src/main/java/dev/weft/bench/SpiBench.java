package dev.weft.bench;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Backends;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Measures the SPI itself on each built-in backend: ping-pong, streaming and signal round trips,
 * both ends in one runtime over loopback. Interleaved: every round runs every measurement on every
 * variant, rotating the variant order, and each run gets a freshly opened runtime.
 *
 * <pre>SpiBench [--rounds N] [--only pingpong,stream,signal] [--variants loom,netty,...]
 *          [--pingpong-count N] [--option key=value]...</pre>
 *
 * {@code --option} adds a runtime option to every variant (backends ignore keys they do not know),
 * e.g. {@code --option weft.netty.eventLoopThreads=1} to see what the loop count does. {@code
 * --variants} and {@code --pingpong-count} pick one variant and count, e.g. to run each figure in a
 * JVM of its own.
 */
public final class SpiBench {
  private static final List<Variant> VARIANTS =
      List.of(
          Variant.of("loom", "loom"),
          Variant.of("netty", "netty"),
          new Variant(
              "netty+tasksOnEventLoop",
              "netty",
              dev.weft.spi.RuntimeOptions.defaults().with("weft.netty.tasksOnEventLoop", "true")),
          Variant.of("vertx", "vertx"));

  private SpiBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = 3;
    int pingpongCount = 100_000;
    Set<String> only = new LinkedHashSet<>(List.of("pingpong", "stream", "signal"));
    Set<String> chosen = null;
    Map<String, String> extra = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--only" -> only = new LinkedHashSet<>(List.of(args[++i].split(",")));
        case "--variants" -> chosen = new LinkedHashSet<>(List.of(args[++i].split(",")));
        case "--pingpong-count" -> pingpongCount = Integer.parseInt(args[++i]);
        case "--option" -> {
          String[] kv = args[++i].split("=", 2);
          extra.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        default -> {
          System.err.println(
              "usage: SpiBench [--rounds N] [--only pingpong,stream,signal]"
                  + " [--variants loom,netty,netty+tasksOnEventLoop,vertx] [--pingpong-count N]"
                  + " [--option key=value]...");
          System.exit(2);
        }
      }
    }
    if (chosen != null) {
      for (String label : chosen) {
        if (VARIANTS.stream().noneMatch(v -> v.label().equals(label))) {
          System.err.println(
              "unknown variant '" + label + "': " + VARIANTS.stream().map(Variant::label).toList());
          System.exit(2);
        }
      }
    }
    List<Measurement> measurements = new ArrayList<>();
    for (String name : only) {
      measurements.add(
          switch (name.trim()) {
            case "pingpong" -> new PingPong(20_000, pingpongCount);
            case "stream" -> new Stream(40_000_000L, 200_000_000L);
            case "signal" -> new SignalPingPong(20_000, 200_000);
            default ->
                throw new IllegalArgumentException(
                    "unknown measurement '" + name + "': pingpong, stream or signal");
          });
    }

    System.out.printf(
        "# SpiBench %s, JDK %s (%s), %d CPUs, rounds=%d%n",
        Instant.now(),
        System.getProperty("java.vm.version"),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().availableProcessors(),
        rounds);
    System.out.println(
        "# All variants and rounds run in this ONE JVM, one after another; each run opens a fresh"
            + " runtime and closes it. Client and server are tasks of that same runtime, over 127.0.0.1.");

    if (!extra.isEmpty()) {
      System.out.println("# extra options on every variant: " + extra);
    }
    List<Variant> variants = new ArrayList<>();
    for (Variant base : VARIANTS) {
      if (chosen != null && !chosen.contains(base.label())) {
        continue;
      }
      dev.weft.spi.RuntimeOptions options = base.options();
      for (var e : extra.entrySet()) {
        options = options.with(e.getKey(), e.getValue());
      }
      Variant v = new Variant(base.label(), base.backendName(), options);
      String skip = probe(v);
      if (skip == null) {
        variants.add(v);
      } else {
        System.out.println("# skipping " + v.label() + ": " + skip);
      }
    }

    // measurement -> metric -> variant -> one value per round
    Map<String, Map<String, Map<String, List<Double>>>> results = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      List<Variant> order = new ArrayList<>(variants);
      Collections.rotate(order, -(round - 1));
      for (Measurement m : measurements) {
        for (Variant v : order) {
          String line;
          try (AsyncRuntime runtime = Backends.named(v.backendName()).open(v.options())) {
            Figures f = m.run(runtime);
            StringBuilder sb = new StringBuilder();
            for (var e : f.values().entrySet()) {
              results
                  .computeIfAbsent(m.name(), k -> new LinkedHashMap<>())
                  .computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                  .computeIfAbsent(v.label(), k -> new ArrayList<>())
                  .add(e.getValue());
              sb.append("  ").append(e.getKey()).append('=').append(format(e.getValue()));
            }
            line =
                "round="
                    + round
                    + " "
                    + m.name()
                    + " "
                    + v.label()
                    + " transport="
                    + runtime.transport()
                    + sb
                    + System.lineSeparator()
                    + ResultLines.of(m.name(), v.label(), f);
          } catch (Exception e) {
            line = "round=" + round + " " + m.name() + " " + v.label() + " FAILED: " + e;
          }
          System.out.println(line);
        }
      }
    }

    System.out.println();
    System.out.println("median [min–max] over " + rounds + " rounds");
    StringBuilder header = new StringBuilder("| measurement | metric |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (Variant v : variants) {
      header.append(' ').append(v.label()).append(" |");
      rule.append("---|");
    }
    System.out.println(header);
    System.out.println(rule);
    for (var byMeasurement : results.entrySet()) {
      for (var byMetric : byMeasurement.getValue().entrySet()) {
        StringBuilder row =
            new StringBuilder("| " + byMeasurement.getKey() + " | " + byMetric.getKey() + " |");
        for (Variant v : variants) {
          List<Double> values = byMetric.getValue().getOrDefault(v.label(), List.of());
          row.append(' ').append(summary(values)).append(" |");
        }
        System.out.println(row);
      }
    }
  }

  /** Null when the variant opens; otherwise why it cannot run here. */
  private static String probe(Variant v) {
    Backend backend;
    try {
      backend = Backends.named(v.backendName());
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    try {
      backend.open(v.options()).close();
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static String summary(List<Double> values) {
    if (values.isEmpty()) {
      return "-";
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    if (n == 1) {
      return format(median);
    }
    return format(median) + " [" + format(sorted.get(0)) + "–" + format(sorted.get(n - 1)) + "]";
  }

  private static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
