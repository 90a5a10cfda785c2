package dev.weft.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliArgsTest {
  @Test
  void pubWithCountHeadersAndServer() throws Exception {
    CliArgs a =
        CliArgs.parse(
            "pub",
            "foo",
            "hello",
            "--count",
            "3",
            "--header",
            "K:v",
            "--header",
            "k: w",
            "-s",
            "nats://127.0.0.1:5000",
            "--user",
            "u",
            "--password",
            "p");
    assertEquals("pub", a.command());
    assertEquals("foo", a.subject());
    assertEquals("hello", a.message());
    assertEquals(3, a.count());
    assertEquals(List.of(Map.entry("K", "v"), Map.entry("k", "w")), a.headers());
    assertEquals("nats://127.0.0.1:5000", a.server());
    assertEquals("u", a.user());
    assertEquals("p", a.password());
  }

  @Test
  void defaults() throws Exception {
    CliArgs a = CliArgs.parse("sub", "foo");
    assertEquals(CliArgs.DEFAULT_SERVER, a.server());
    assertEquals(0, a.count());
    assertEquals(Duration.ofSeconds(2), a.timeout());
  }

  @Test
  void equalsFormAndDurations() throws Exception {
    assertEquals(
        Duration.ofMillis(500), CliArgs.parse("req", "s", "m", "--timeout=500ms").timeout());
    assertEquals(
        Duration.ofMillis(1500), CliArgs.parse("req", "s", "m", "--timeout", "1.5").timeout());
    assertEquals(
        Duration.ofMinutes(1), CliArgs.parse("req", "s", "m", "--timeout", "1m").timeout());
    assertEquals("tok", CliArgs.parse("sub", "s", "--token=tok").token());
  }

  @Test
  void bench() throws Exception {
    CliArgs a =
        CliArgs.parse("bench", "b", "--pub", "1", "--sub", "2", "--msgs", "500000", "--size", "16");
    assertEquals(1, a.pubs());
    assertEquals(2, a.subs());
    assertEquals(500_000, a.msgs());
    assertEquals(16, a.size());
  }

  @Test
  void badCommandLinesSayWhy() {
    assertEquals(
        "unknown option --bogus",
        assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("sub", "x", "--bogus", "1"))
            .getMessage());
    assertEquals(
        "option --count needs a value",
        assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("pub", "x", "y", "--count"))
            .getMessage());
    assertTrue(
        assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("pub", "x"))
            .getMessage()
            .contains("<subject> <message>"));
    assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("bench", "x", "--pub", "1"));
    assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("frobnicate", "x"));
    assertThrows(
        CliArgs.UsageException.class, () -> CliArgs.parse("req", "x", "y", "--timeout", "soon"));
    assertThrows(
        CliArgs.UsageException.class, () -> CliArgs.parse("pub", "x", "y", "--header", "novalue"));
    assertThrows(
        CliArgs.UsageException.class, () -> CliArgs.parse("pub", "x", "y", "--queue", "q"));
    assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sub x --nope",
        "pub x",
        "pub x y --count -1",
        "bench b --msgs 1",
        "sub",
        "zap x",
        "sub x --count abc",
        "req a b --timeout 0s"
      })
  void badFlagsPrintUsageToStderrAndExitTwo(String line) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        CliMain.run(
            line.split(" "),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.startsWith("weft-cli: "), e);
    assertTrue(e.contains("usage: weft-cli"), e);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpGoesToStdoutWithExitZero() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        CliMain.run(
            new String[] {"--help"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("usage: weft-cli"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V", "sub x --version", "pub x y --count 3 --version"})
  void versionGoesToStdoutWithExitZero(String line) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        CliMain.run(
            line.split(" "),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code);
    assertEquals("weft-cli 0.1.0\n", out.toString(StandardCharsets.UTF_8));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sub x --bogus", "--bogus", "--bogus sub x", "sub x --bogus=1"})
  void anUnknownOptionIsUnknownWhereverItStands(String line) {
    assertEquals(
        "unknown option --bogus",
        assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse(line.split(" ")))
            .getMessage());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        CliMain.run(
            line.split(" "),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).startsWith("weft-cli: unknown option --bogus\n"));
  }
}
