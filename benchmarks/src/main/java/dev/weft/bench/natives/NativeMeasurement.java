package dev.weft.bench.natives;

import dev.weft.bench.Figures;

/** One native baseline: a measurement on one runtime, opening and closing everything it uses. */
public interface NativeMeasurement {
  /** The SpiBench measurement it matches ({@code pingpong}, {@code stream}) or {@code handoff}. */
  String name();

  /** The runtime, named as SpiBench names the backend on it ({@code loom}, {@code netty}...). */
  String runtime();

  Figures run() throws Exception;
}
