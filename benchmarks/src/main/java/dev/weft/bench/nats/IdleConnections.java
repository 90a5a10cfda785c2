package dev.weft.bench.nats;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/bench-connmem}'s measuring side: memory per idle connection as the operating system
 * sees it. For each target in turn it reads the server process's resident set size (VmRSS in {@code
 * /proc/PID/status}) once it has settled, opens N connections that each send CONNECT, one SUB on a
 * subject of their own and a PING and wait for the PONG, reads VmRSS again once it has settled, and
 * reports the growth divided by N; then it closes the connections.
 *
 * <pre>
 * IdleConnections -n 10000 --target nats-server=127.0.0.1:4222 --pid nats-server=1234
 *                          --target weft=127.0.0.1:4223 --pid weft=1235
 * </pre>
 */
public final class IdleConnections {
  private static final String USAGE =
      "usage: IdleConnections [-n CONNECTIONS] (--target NAME=HOST:PORT --pid NAME=PID)...";

  /** Small buffers: the generator holds thousands of these, and each only handshakes. */
  private static final int BUFFER = 1024;

  /** Connections whose handshakes are in flight at once. */
  private static final int BATCH = 100;

  /** One target's figures. */
  record Growth(String name, int connections, long beforeKib, long afterKib, boolean settled) {
    double kibPerConnection() {
      return (afterKib - beforeKib) / (double) connections;
    }
  }

  private IdleConnections() {}

  public static void main(String[] args) {
    Map<String, InetSocketAddress> targets = new LinkedHashMap<>();
    Map<String, Long> pids = new LinkedHashMap<>();
    int n = 10_000;
    try {
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "-n" -> n = Integer.parseInt(value);
          case "--target" -> Targets.put(targets, value);
          case "--pid" -> {
            int eq = value == null ? -1 : value.indexOf('=');
            if (eq < 1) {
              throw new IllegalArgumentException("--pid needs NAME=PID");
            }
            pids.put(value.substring(0, eq), Long.parseLong(value.substring(eq + 1)));
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
        i++;
      }
      if (targets.isEmpty() || !pids.keySet().equals(targets.keySet()) || n < 1) {
        throw new IllegalArgumentException("every --target needs its --pid, and -n >= 1");
      }
    } catch (RuntimeException e) {
      System.err.println(e.getMessage() + "\n" + USAGE);
      System.exit(2);
    }
    try {
      List<Growth> results = new ArrayList<>();
      for (String name : targets.keySet()) {
        Growth g = measure(name, targets.get(name), pids.get(name), n);
        System.err.printf(
            "%s: RSS %,d -> %,d KiB%s%n",
            name, g.beforeKib(), g.afterKib(), g.settled() ? "" : " (still moving after 30 s)");
        results.add(g);
      }
      System.out.print(report(results));
    } catch (IOException e) {
      System.err.println("bench-connmem: FAILED: " + e.getMessage());
      System.exit(1);
    }
  }

  static Growth measure(String name, InetSocketAddress server, long pid, int n) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    Settled before = settle(status);
    List<NatsWire> wires = new ArrayList<>(n);
    try {
      for (int from = 0; from < n; from += BATCH) {
        int to = Math.min(n, from + BATCH);
        for (int i = from; i < to; i++) {
          NatsWire wire = NatsWire.open(server, "idle-" + i, BUFFER);
          wires.add(wire);
          wire.subscribe("idle." + i, 1);
          wire.queuePing();
          wire.flush();
        }
        for (int i = from; i < to; i++) {
          wires.get(i).awaitPong();
        }
      }
      Settled after = settle(status);
      return new Growth(name, n, before.kib, after.kib, before.settled && after.settled);
    } catch (IOException e) {
      throw new IOException(
          name + ": connection " + (wires.size() + 1) + " of " + n + ": " + e.getMessage(), e);
    } finally {
      for (NatsWire wire : wires) {
        wire.close();
      }
    }
  }

  private record Settled(long kib, boolean settled) {}

  /**
   * Samples VmRSS every half second until three samples in a row lie within 1 % (or 256 KiB) of
   * each other, or 30 s have passed; returns the last sample.
   */
  private static Settled settle(Path status) throws IOException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    long[] last = {-1, -2, -3};
    int taken = 0;
    while (true) {
      last[taken % 3] = rssKib(status);
      taken++;
      if (taken >= 3) {
        long max = Math.max(last[0], Math.max(last[1], last[2]));
        long min = Math.min(last[0], Math.min(last[1], last[2]));
        if (max - min <= Math.max(256, max / 100)) {
          return new Settled(last[(taken - 1) % 3], true);
        }
      }
      if (System.nanoTime() > deadline) {
        return new Settled(last[(taken - 1) % 3], false);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while sampling " + status);
      }
    }
  }

  static long rssKib(Path status) throws IOException {
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("no VmRSS line in " + status);
  }

  static String report(List<Growth> results) {
    StringBuilder out = new StringBuilder();
    out.append("| server | idle connections | RSS before | RSS after | KiB per connection |\n");
    out.append("|---|---|---|---|---|\n");
    for (Growth g : results) {
      out.append(
          String.format(
              "| %s | %,d | %,d KiB | %,d KiB | %.1f%s |%n",
              g.name(),
              g.connections(),
              g.beforeKib(),
              g.afterKib(),
              g.kibPerConnection(),
              g.settled() ? "" : " (not settled)"));
    }
    for (int i = 1; i < results.size(); i++) {
      out.append(
          String.format(
              "%nKiB per idle connection, %s / %s: %.2f%n",
              results.get(i).name(),
              results.get(0).name(),
              results.get(i).kibPerConnection() / results.get(0).kibPerConnection()));
    }
    return out.toString();
  }
}
