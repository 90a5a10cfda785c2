package dev.weft.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.ServerConfig;
import dev.weft.server.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandLineTest {
  @TempDir Path dir;

  private static ServerConfig run(String... args) throws Exception {
    return assertInstanceOf(Invocation.Run.class, ServerCommandLine.parse(args)).config();
  }

  @Test
  void noFlagsMeansNatsServerDefaults() throws Exception {
    assertEquals(ServerConfig.defaults(), run());
  }

  @Test
  void shortLongAndEqualsForms() throws Exception {
    ServerConfig c =
        run(
            "-a",
            "127.0.0.1",
            "--port=5000",
            "-max_payload",
            "2KB",
            "--max_connections",
            "7",
            "--max_pending=1MB",
            "--ping_interval",
            "500ms",
            "--ping_max",
            "4",
            "--write_deadline",
            "1m");
    assertEquals("127.0.0.1", c.host());
    assertEquals(5000, c.port());
    assertEquals(2048, c.maxPayload());
    assertEquals(7, c.maxConnections());
    assertEquals(1 << 20, c.maxPending());
    assertEquals(Duration.ofMillis(500), c.pingInterval());
    assertEquals(4, c.pingMax());
    assertEquals(Duration.ofMinutes(1), c.writeDeadline());
    assertEquals("0.0.0.0", run("--addr", "0.0.0.0").host());
    assertEquals(6000, run("-p", "6000").port());
  }

  @Test
  void loggingFlags() throws Exception {
    ServerConfig dv = run("-DV", "-l", "/tmp/w.log");
    assertTrue(dv.debug() && dv.trace());
    assertEquals("/tmp/w.log", dv.logFile());
    ServerConfig d = run("-D");
    assertTrue(d.debug() && !d.trace());
    ServerConfig v = run("--trace");
    assertTrue(!v.debug() && v.trace());
  }

  @Test
  void authFlags() throws Exception {
    assertEquals("tok", run("--auth", "tok").token());
    assertEquals(Map.of("u", "p"), run("--user", "u", "--pass", "p").users());
    assertThrows(UsageException.class, () -> ServerCommandLine.parse("--user", "u"));
    assertThrows(
        UsageException.class,
        () -> ServerCommandLine.parse("--auth", "t", "--user", "u", "--pass", "p"));
  }

  @Test
  void commandLineOverridesTheFileWhateverTheOrder() throws Exception {
    Path conf = dir.resolve("s.conf");
    Files.writeString(
        conf, "port: 4000\nmax_payload: 1000\nauthorization { token: filetoken }\nping_max: 9\n");
    ServerConfig c = run("-p", "4100", "-c", conf.toString(), "--auth", "clitoken");
    assertEquals(4100, c.port());
    assertEquals(1000, c.maxPayload());
    assertEquals(9, c.pingMax());
    assertEquals("clitoken", c.token());
    ServerConfig users = run("-c", conf.toString(), "--user", "u", "--pass", "p");
    assertNull(users.token());
    assertEquals(Map.of("u", "p"), users.users());
  }

  @Test
  void badFlagsAndValuesAreUsageErrors() {
    String[][] bad = {
      {"--bogus"},
      {"-p"},
      {"-p", "x"},
      {"-p", "70000"},
      {"--ping_interval", "5"},
      {"--write_deadline", "-1s"},
      {"--max_payload", "big"},
      {"--ping_max", "0"},
      {"stray"},
      {"-D=maybe"},
      {"--max_payload", "2MB", "--max_pending", "1MB"},
    };
    for (String[] args : bad) {
      assertThrows(
          UsageException.class, () -> ServerCommandLine.parse(args), String.join(" ", args));
    }
  }

  @Test
  void configErrorsAreNotUsageErrors() throws Exception {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "port: 1\nnope: 2\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> ServerCommandLine.parse("-c", conf.toString()));
    assertTrue(e.getMessage().endsWith("bad.conf:2:1: unknown field \"nope\""), e.getMessage());
  }

  @Test
  void helpAndVersion() throws Exception {
    assertInstanceOf(Invocation.ShowHelp.class, ServerCommandLine.parse("-h"));
    assertInstanceOf(Invocation.ShowHelp.class, ServerCommandLine.parse("--help"));
    assertInstanceOf(Invocation.ShowVersion.class, ServerCommandLine.parse("--version"));
  }
}
