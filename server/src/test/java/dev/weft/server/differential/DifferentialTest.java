package dev.weft.server.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * "Behaves like nats-server", checked: every script of {@code src/test/resources/differential} is
 * played against a real nats-server process and against Weft on the loom backend, with the same
 * configuration, and every connection must receive the same bytes (INFO compared by {@link
 * InfoCheck}). nats-server is run first: a script it does not pass is itself wrong and is reported
 * as such. Without nats-server every script is skipped, saying how to install it.
 *
 * <p>{@code -Dweft.differential.oracleOnly=true} plays the scripts against nats-server alone (to
 * write new ones); {@code -Dweft.differential.only=NAME} runs one script. Both servers' transcripts
 * are written to {@code target/differential/NAME.{nats,weft}.txt}.
 */
class DifferentialTest {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  @TestFactory
  Stream<DynamicTest> corpus() throws IOException, URISyntaxException {
    Path dir = corpusDir();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    String only = System.getProperty("weft.differential.only", "");
    return files.stream()
        .filter(p -> only.isBlank() || p.getFileName().toString().equals(only + ".txt"))
        .map(
            p ->
                DynamicTest.dynamicTest(
                    p.getFileName().toString().replace(".txt", ""),
                    p.toUri(),
                    () -> check(ProtocolScript.load(p))));
  }

  private static void check(ProtocolScript script) throws Exception {
    assumeTrue(NatsServerUnderTest.installed(), NatsServerUnderTest.HOW_TO_ENABLE);
    ScriptRunner.Result nats;
    try (NatsServerUnderTest reference =
        NatsServerUnderTest.start(script.config(), START_TIMEOUT)) {
      try {
        nats = ScriptRunner.play(script, reference);
      } catch (AssertionFailedError e) {
        throw new AssertionFailedError(
            "the script is wrong: nats-server itself does not pass it.\n"
                + e.getMessage()
                + "\nnats-server log:\n  "
                + String.join("\n  ", reference.log()),
            e);
      }
    }
    save(script.name(), "nats", nats);
    if (Boolean.getBoolean("weft.differential.oracleOnly")) {
      return;
    }
    ScriptRunner.Result weft;
    int weftPort;
    try (WeftUnderTest ours = WeftUnderTest.start(script.name(), script.config())) {
      weftPort = ours.port();
      weft = ScriptRunner.play(script, ours);
    }
    save(script.name(), "weft", weft);

    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : nats.infos().entrySet()) {
      for (String p : InfoCheck.problems(e.getValue(), weft.infos().get(e.getKey()), weftPort)) {
        problems.add(e.getKey() + ": " + p);
      }
    }
    for (Map.Entry<String, byte[]> e : nats.transcripts().entrySet()) {
      if (script.noCompare().contains(e.getKey())) {
        continue;
      }
      byte[] weftBytes = weft.transcripts().get(e.getKey());
      String expected;
      String actual;
      if (script.unordered().contains(e.getKey())) {
        expected = String.join("", Frames.split(e.getValue()).stream().sorted().toList());
        actual = String.join("", Frames.split(weftBytes).stream().sorted().toList());
      } else {
        expected = ProtocolScript.escape(e.getValue());
        actual = ProtocolScript.escape(weftBytes);
      }
      if (!expected.equals(actual)) {
        problems.add(e.getKey() + ": " + firstDifference(expected, actual));
      }
    }
    assertEquals(
        List.of(),
        problems,
        script.name() + ": weft differs from nats-server:\n" + String.join("\n", problems));
  }

  /**
   * Where two escaped transcripts first differ, with some context: whole transcripts can be
   * megabytes.
   */
  static String firstDifference(String expected, String actual) {
    int i = 0;
    int max = Math.min(expected.length(), actual.length());
    while (i < max && expected.charAt(i) == actual.charAt(i)) {
      i++;
    }
    int from = Math.max(0, i - 120);
    return "bytes differ at escaped offset "
        + i
        + " (lengths "
        + expected.length()
        + " / "
        + actual.length()
        + ")"
        + "\n    nats-server: '"
        + (from > 0 ? "..." : "")
        + expected.substring(from, Math.min(expected.length(), i + 200))
        + (i + 200 < expected.length() ? "..." : "")
        + "'"
        + "\n    weft:        '"
        + (from > 0 ? "..." : "")
        + actual.substring(from, Math.min(actual.length(), i + 200))
        + (i + 200 < actual.length() ? "..." : "")
        + "'";
  }

  private static void save(String name, String label, ScriptRunner.Result result) {
    try {
      Path out = Path.of("target", "differential");
      Files.createDirectories(out);
      StringBuilder sb = new StringBuilder();
      result
          .transcripts()
          .forEach(
              (conn, bytes) ->
                  sb.append(conn)
                      .append(" INFO ")
                      .append(result.infos().get(conn))
                      .append('\n')
                      .append(conn)
                      .append(" ")
                      .append(ProtocolScript.escape(bytes))
                      .append('\n'));
      Files.writeString(
          out.resolve(name + "." + label + ".txt"), sb.toString(), StandardCharsets.UTF_8);
    } catch (IOException ignored) {
      // the transcript file is a debugging aid only
    }
  }

  private static Path corpusDir() throws URISyntaxException {
    URL url = DifferentialTest.class.getResource("/differential");
    if (url != null && "file".equals(url.getProtocol())) {
      return Path.of(url.toURI());
    }
    return Path.of("src", "test", "resources", "differential");
  }
}
