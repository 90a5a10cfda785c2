package dev.weft.server.gointerop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.server.WeftServer;
import dev.weft.spi.Backend;
import dev.weft.spi.Backends;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The official Go client against WeftServer on every backend: interop/go/natsgo-interop is built
 * with interop/go/build.sh and run once per backend, each backend its own named test. Skipped,
 * saying what to install, when go or Debian's nats.go package is missing.
 */
class NatsGoInteropTest {
  /** Every scenario natsgo-interop runs; a missing line fails as much as a FAIL line. */
  private static final List<String> SCENARIOS =
      List.of(
          "connect",
          "pubsub",
          "wildcards",
          "request-reply",
          "no-responders",
          "queue-groups",
          "headers",
          "unsubscribe-max",
          "large-payload",
          "flush-many");

  private static final long BUILD_TIMEOUT_S = 300;
  private static final long RUN_TIMEOUT_S = 120;

  @TestFactory
  Stream<DynamicNode> natsGo() throws Exception {
    Path script = repoRoot().resolve("interop/go/build.sh");
    Path outDir = Path.of("target", "natsgo-interop").toAbsolutePath();
    Result build = exec(List.of("bash", script.toString(), outDir.toString()), BUILD_TIMEOUT_S);
    if (build.exit == 3) {
      String why = "nats.go interop skipped: " + build.output.strip();
      return Stream.of(DynamicTest.dynamicTest("nats.go interop", () -> assumeTrue(false, why)));
    }
    assertEquals(0, build.exit, "interop/go/build.sh failed:\n" + build.output);
    String[] lines = build.output.strip().split("\n");
    Path binary = Path.of(lines[lines.length - 1].strip());
    // Every backend on the test class path: the same server jar must serve nats.go on each.
    List<DynamicNode> perBackend = new ArrayList<>();
    for (Backend backend : Backends.available(NatsGoInteropTest.class.getClassLoader())) {
      perBackend.add(
          DynamicContainer.dynamicContainer(
              "nats.go x server on " + backend.name(),
              Stream.of(
                  DynamicTest.dynamicTest(
                      "server on " + backend.name() + ": every scenario",
                      () -> runAgainst(binary, backend)))));
    }
    return perBackend.stream();
  }

  private static void runAgainst(Path binary, Backend backend) throws Exception {
    Result run;
    try (WeftServer server =
        WeftServer.builder().host("127.0.0.1").port(0).backend(backend).start()) {
      run = exec(List.of(binary.toString(), "nats://127.0.0.1:" + server.port()), RUN_TIMEOUT_S);
    }
    Map<String, String> verdicts = new LinkedHashMap<>();
    for (String line : run.output.split("\n")) {
      String[] f = line.split(" ", 2);
      if (f.length == 2 && (f[0].equals("PASS") || f[0].equals("FAIL"))) {
        verdicts.put(f[1].split(":", 2)[0], line);
      }
    }
    List<String> failed = new ArrayList<>();
    for (String name : SCENARIOS) {
      String line = verdicts.get(name);
      if (line == null || !line.startsWith("PASS ")) {
        failed.add(line == null ? name + ": no verdict printed" : line);
      }
    }
    assertTrue(
        failed.isEmpty(),
        "nats.go scenarios failed on "
            + backend.name()
            + ": "
            + failed
            + "\noutput:\n"
            + run.output);
    assertEquals(0, run.exit, "natsgo-interop exited " + run.exit + ":\n" + run.output);
  }

  private record Result(int exit, String output) {}

  private static Result exec(List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("natsgo-interop", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return new Result(
            -1,
            "timed out after "
                + timeoutSeconds
                + " s: "
                + command
                + "\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /**
   * The repository root: -Dweft.repoRoot, else the parent of the module directory surefire runs in.
   */
  private static Path repoRoot() {
    String configured = System.getProperty("weft.repoRoot");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("interop/go/build.sh"))) {
        return p;
      }
    }
    return here.getParent();
  }
}
