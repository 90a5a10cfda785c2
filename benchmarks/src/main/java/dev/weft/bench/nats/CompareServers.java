package dev.weft.bench.nats;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/bench-compare}'s measuring side: runs every {@link Scenario} and a request/reply
 * latency run against each target in turn, for a number of rounds, and prints Markdown tables of
 * the medians with the ratio of each target to the first (the reference, nats-server). Targets take
 * turns within each scenario, the order flipping every round, so machine drift hits both alike; a
 * ratio is the median of the per-round ratios.
 *
 * <pre>
 * CompareServers --target nats-server=127.0.0.1:4222 --target weft=127.0.0.1:4223
 *                [--rounds 5] [--scale 1.0] [--requests 20000]
 * </pre>
 */
public final class CompareServers {
  private static final String USAGE =
      "usage: CompareServers --target NAME=HOST:PORT [--target NAME=HOST:PORT]... [--rounds N]"
          + " [--scale FACTOR] [--requests N]";
  private static final int LATENCY_SIZE = 16;

  private CompareServers() {}

  public static void main(String[] args) {
    Map<String, InetSocketAddress> targets = new LinkedHashMap<>();
    int rounds = 5;
    double scale = 1.0;
    int requests = 20_000;
    try {
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--target" -> {
            Targets.put(targets, value);
            i++;
          }
          case "--rounds" -> {
            rounds = Integer.parseInt(value);
            i++;
          }
          case "--scale" -> {
            scale = Double.parseDouble(value);
            i++;
          }
          case "--requests" -> {
            requests = Integer.parseInt(value);
            i++;
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (targets.isEmpty() || rounds < 1 || scale <= 0 || requests < 1) {
        throw new IllegalArgumentException("need a target, rounds >= 1, scale > 0, requests >= 1");
      }
    } catch (RuntimeException e) {
      System.err.println(e.getMessage() + "\n" + USAGE);
      System.exit(2);
    }
    try {
      System.out.print(compare(targets, rounds, scale, requests));
    } catch (IOException e) {
      System.err.println("bench-compare: FAILED: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Runs everything and returns the report (header line and two Markdown tables). */
  static String compare(
      Map<String, InetSocketAddress> targets, int rounds, double scale, int requests)
      throws IOException {
    List<String> names = new ArrayList<>(targets.keySet());
    List<Scenario> scenarios = Scenario.defaults().stream().map(s -> s.scaled(scale)).toList();
    for (String name : names) {
      warmUp(targets.get(name), scale);
    }
    // [scenario][target][round]
    double[][][] rates = new double[scenarios.size()][names.size()][rounds];
    double[][][] megabytes = new double[scenarios.size()][names.size()][rounds];
    double[][] p50 = new double[names.size()][rounds];
    double[][] p99 = new double[names.size()][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int s = 0; s < scenarios.size(); s++) {
        for (int t : order(names.size(), r)) {
          Throughput run =
              ScenarioRun.run(
                  targets.get(names.get(t)), scenarios.get(s), "bench.r" + r + ".s" + s);
          rates[s][t][r] = run.messagesPerSecond();
          megabytes[s][t][r] = run.megabytesPerSecond();
          System.err.printf(
              "round %d %-12s %-34s %,12.0f msgs/s %8.1f MB/s%n",
              r, names.get(t), scenarios.get(s).label(), rates[s][t][r], megabytes[s][t][r]);
        }
      }
      for (int t : order(names.size(), r)) {
        RequestReply.Latencies l =
            RequestReply.run(
                targets.get(names.get(t)), "bench.rr" + r, requests / 10, requests, LATENCY_SIZE);
        p50[t][r] = l.percentileMicros(0.50);
        p99[t][r] = l.percentileMicros(0.99);
        System.err.printf(
            "round %d %-12s request/reply p50 %.0f µs p99 %.0f µs%n",
            r, names.get(t), p50[t][r], p99[t][r]);
      }
    }
    return report(names, scenarios, rounds, requests, rates, megabytes, p50, p99);
  }

  private static void warmUp(InetSocketAddress target, double scale) throws IOException {
    ScenarioRun.run(target, new Scenario(1, 1, 200_000, 16).scaled(scale), "bench.warm.1");
    ScenarioRun.run(target, new Scenario(1, 0, 200_000, 128).scaled(scale), "bench.warm.0");
    RequestReply.run(target, "bench.warm.rr", 0, 2_000, LATENCY_SIZE);
  }

  /** Target indexes in turn order: forwards on even rounds, backwards on odd ones. */
  private static int[] order(int targets, int round) {
    int[] order = new int[targets];
    for (int i = 0; i < targets; i++) {
      order[i] = round % 2 == 0 ? i : targets - 1 - i;
    }
    return order;
  }

  private static String report(
      List<String> names,
      List<Scenario> scenarios,
      int rounds,
      int requests,
      double[][][] rates,
      double[][][] megabytes,
      double[][] p50,
      double[][] p99) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "# %s, %d cores, %d rounds, medians; msgs/s and MB/s count each message once sent and"
                + " once per delivery%n%n",
            Instant.now().truncatedTo(ChronoUnit.SECONDS),
            Runtime.getRuntime().availableProcessors(),
            rounds));
    out.append("| scenario |");
    for (String name : names) {
      out.append(' ').append(name).append(" msgs/s | ").append(name).append(" MB/s |");
    }
    for (int t = 1; t < names.size(); t++) {
      out.append(' ').append(names.get(t)).append(" / ").append(names.get(0)).append(" |");
    }
    out.append('\n').append("|---".repeat(1 + 3 * names.size() - 1)).append("|\n");
    for (int s = 0; s < scenarios.size(); s++) {
      out.append("| ").append(scenarios.get(s).label()).append(" |");
      for (int t = 0; t < names.size(); t++) {
        out.append(String.format(" %,.0f | %.1f |", median(rates[s][t]), median(megabytes[s][t])));
      }
      for (int t = 1; t < names.size(); t++) {
        out.append(' ').append(ratio(rates[s][t], rates[s][0])).append(" |");
      }
      out.append('\n');
    }
    out.append(
        String.format(
            "%n| request/reply, %d B, %,d requests | p50 µs | p99 µs |%n|---|---|---|%n",
            LATENCY_SIZE, requests));
    for (int t = 0; t < names.size(); t++) {
      out.append(
          String.format("| %s | %.0f | %.0f |%n", names.get(t), median(p50[t]), median(p99[t])));
    }
    return out.toString();
  }

  /** Median of the per-round ratios, with their range: {@code 0.97 (0.90–1.05)}. */
  private static String ratio(double[] ours, double[] reference) {
    double[] ratios = new double[ours.length];
    for (int r = 0; r < ours.length; r++) {
      ratios[r] = ours[r] / reference[r];
    }
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    return String.format("%.2f (%.2f–%.2f)", median(ratios), sorted[0], sorted[sorted.length - 1]);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
