package dev.weft.bench.natives;

import dev.weft.bench.Figures;
import dev.weft.bench.ResultLines;
import java.time.Instant;

/**
 * Runs one native baseline and prints its {@code RESULT} line, in SpiBench's format, with
 * SpiBench's counts: 20,000 + 100,000 ping-pong round trips of 16 bytes, 40 MB + 200 MB streamed in
 * 64 KiB writes, 20,000 + 200,000 hand-offs (warm-up + timed, each phase capped at 15 s).
 *
 * <pre>NativeBench pingpong|stream loom|netty|vertx
 * NativeBench handoff vt</pre>
 */
public final class NativeBench {
  private NativeBench() {}

  /** The baseline for a measurement and runtime, with SpiBench's counts; null if there is none. */
  public static NativeMeasurement of(String measurement, String runtime) {
    return switch (measurement + " " + runtime) {
      case "pingpong loom" -> new LoomPingPong(20_000, 100_000);
      case "pingpong netty" -> new NettyPingPong(20_000, 100_000);
      case "pingpong vertx" -> new VertxPingPong(20_000, 100_000);
      case "stream loom" -> new LoomStream(40_000_000L, 200_000_000L);
      case "stream netty" -> new NettyStream(40_000_000L, 200_000_000L);
      case "stream vertx" -> new VertxStream(40_000_000L, 200_000_000L);
      case "handoff vt" -> new VirtualThreadHandoff(20_000, 200_000);
      default -> null;
    };
  }

  public static void main(String[] args) {
    NativeMeasurement m = args.length == 2 ? of(args[0], args[1]) : null;
    if (m == null) {
      System.err.println("usage: NativeBench pingpong|stream loom|netty|vertx, or handoff vt");
      System.exit(2);
    }
    System.out.printf(
        "# NativeBench %s, JDK %s, %d CPUs: %s %s%n",
        Instant.now(),
        System.getProperty("java.vm.version"),
        Runtime.getRuntime().availableProcessors(),
        m.name(),
        m.runtime());
    try {
      Figures f = m.run();
      System.out.println(ResultLines.of(m.name(), m.runtime(), f));
    } catch (Exception e) {
      e.printStackTrace();
      System.out.println(ResultLines.failed(m.name(), m.runtime()));
      System.exit(1);
    }
  }
}
