package dev.weft.bench.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bench.Figures;
import dev.weft.bench.ResultLines;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each native baseline runs to the end with tiny counts, closes what it opened, and prints a RESULT
 * line that bin/bench-spi-vs-native can pair with SpiBench's.
 */
class NativeBaselinesSmokeTest {
  private static final Pattern RESULT =
      Pattern.compile("RESULT (\\S+) (\\S+) status=ok((?: \\w+=[0-9.]+)+)");

  @Test
  void loomPingPong() throws Exception {
    assertPingPong(new LoomPingPong(50, 500));
  }

  @Test
  void nettyPingPong() throws Exception {
    assertPingPong(new NettyPingPong(50, 500));
  }

  @Test
  void vertxPingPong() throws Exception {
    assertPingPong(new VertxPingPong(50, 500));
  }

  @Test
  void loomStream() throws Exception {
    assertStream(new LoomStream(1_000_000, 5_000_000));
  }

  @Test
  void nettyStream() throws Exception {
    assertStream(new NettyStream(1_000_000, 5_000_000));
  }

  @Test
  void vertxStream() throws Exception {
    assertStream(new VertxStream(1_000_000, 5_000_000));
  }

  @Test
  void virtualThreadHandoff() throws Exception {
    Map<String, Double> v = result(new VirtualThreadHandoff(50, 500), "handoff", "vt");
    assertRoundTrips(v, 500);
  }

  @Test
  void everyBaselineTheScriptRunsIsKnown() {
    for (String runtime : new String[] {"loom", "netty", "vertx"}) {
      assertEquals(runtime, NativeBench.of("pingpong", runtime).runtime());
      assertEquals("stream", NativeBench.of("stream", runtime).name());
    }
    assertEquals("handoff", NativeBench.of("handoff", "vt").name());
  }

  private static void assertPingPong(NativeMeasurement m) throws Exception {
    assertRoundTrips(result(m, "pingpong", m.runtime()), 500);
  }

  private static void assertStream(NativeMeasurement m) throws Exception {
    Map<String, Double> v = result(m, "stream", m.runtime());
    assertTrue(v.get("mbps") > 0, "MB/s " + v);
    // The timed phase ends on the read that reaches 5 MB, so at most one read more.
    assertTrue(v.get("mbtimed") >= 5.0 && v.get("mbtimed") < 5.0 + 1.0, "MB timed " + v);
  }

  private static void assertRoundTrips(Map<String, Double> v, int recorded) {
    assertEquals(recorded, v.get("n"), "round trips recorded " + v);
    assertTrue(v.get("rtps") > 0, "round trips/s " + v);
    assertTrue(v.get("p50us") > 0 && v.get("p50us") <= v.get("p99us"), "percentiles " + v);
  }

  /** Runs the baseline (bounded) and parses its RESULT line into metric -> value. */
  private static Map<String, Double> result(NativeMeasurement m, String name, String runtime)
      throws Exception {
    Figures f =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), m::run);
    String line = ResultLines.of(m.name(), m.runtime(), f);
    Matcher matcher = RESULT.matcher(line);
    assertTrue(matcher.matches(), line);
    assertEquals(name, matcher.group(1));
    assertEquals(runtime, matcher.group(2));
    Map<String, Double> values = new HashMap<>();
    for (String kv : matcher.group(3).trim().split(" ")) {
      String[] p = kv.split("=");
      values.put(p[0], Double.parseDouble(p[1]));
    }
    assertNotNull(values.get(name.equals("stream") ? "mbps" : "rtps"), line);
    return values;
  }
}
