package dev.weft.bench.nats;

import java.net.InetSocketAddress;
import java.util.Map;

/** Parses the {@code NAME=HOST:PORT} target arguments of the comparison tools. */
final class Targets {
  private Targets() {}

  static void put(Map<String, InetSocketAddress> targets, String spec) {
    if (spec == null) {
      throw new IllegalArgumentException("--target needs NAME=HOST:PORT");
    }
    int eq = spec.indexOf('=');
    int colon = spec.lastIndexOf(':');
    if (eq < 1 || colon < eq + 2 || colon == spec.length() - 1) {
      throw new IllegalArgumentException("--target needs NAME=HOST:PORT, got " + spec);
    }
    String name = spec.substring(0, eq);
    if (targets.containsKey(name)) {
      throw new IllegalArgumentException("target " + name + " given twice");
    }
    targets.put(
        name,
        new InetSocketAddress(
            spec.substring(eq + 1, colon), Integer.parseInt(spec.substring(colon + 1))));
  }
}
