package dev.weft.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigFileTest {

  private static ServerConfig read(String text) throws ConfigException {
    return read(text, new ArrayList<>());
  }

  private static ServerConfig read(String text, List<String> warnings) throws ConfigException {
    ServerConfig.Builder b = new ServerConfig.Builder();
    ServerConfigFile.apply("test.conf", text, b, warnings::add);
    return b.build();
  }

  private static String error(String text) {
    return assertThrows(ConfigException.class, () -> read(text)).getMessage();
  }

  @Test
  void everySeparatorAndCommentStyle() throws Exception {
    ServerConfig c =
        read(
            """
                # hash comment
                port: 4333 // slash comment
                host = "127.0.0.2"
                max_connections 10
                ping_max: 5; write_deadline: "3s"
                """);
    assertEquals(4333, c.port());
    assertEquals("127.0.0.2", c.host());
    assertEquals(10, c.maxConnections());
    assertEquals(5, c.pingMax());
    assertEquals(Duration.ofSeconds(3), c.writeDeadline());
  }

  @Test
  void listenSetsHostAndPort() throws Exception {
    ServerConfig c = read("listen: 127.0.0.1:5222\n");
    assertEquals("127.0.0.1", c.host());
    assertEquals(5222, c.port());
    assertEquals(6222, read("listen: \":6222\"\n").port());
    assertEquals("::1", read("listen: \"[::1]:7222\"\n").host());
  }

  @Test
  void sizeSuffixesAreNatsServers() throws Exception {
    // Checked against nats-server 2.9.10: 2KB advertised max_payload 2048, 1M means 1000000.
    assertEquals(2048, read("max_payload: 2KB\n").maxPayload());
    assertEquals(1_000_000, read("max_payload: 1M\n").maxPayload());
    assertEquals(1000, read("max_payload: 1k\n").maxPayload());
    assertEquals(1L << 30, read("max_pending: 1GB\n").maxPending());
  }

  @Test
  void durationsAsStringsOrSecondsWithNatsWarning() throws Exception {
    List<String> warnings = new ArrayList<>();
    ServerConfig c = read("ping_interval: 5\nwrite_deadline: \"1m30s\"\n", warnings);
    assertEquals(Duration.ofSeconds(5), c.pingInterval());
    assertEquals(Duration.ofSeconds(90), c.writeDeadline());
    assertEquals(1, warnings.size());
    assertTrue(
        warnings.get(0).contains("ping_interval should be converted to a duration"),
        warnings.toString());
    assertTrue(warnings.get(0).startsWith("test.conf:1:"), warnings.toString());
  }

  @Test
  void authorizationToken() throws Exception {
    ServerConfig c = read("authorization { token: \"s3cret\", timeout: 1.5 }\n");
    assertEquals("s3cret", c.token());
    assertEquals(Duration.ofMillis(1500), c.authTimeout());
    assertTrue(c.authRequired());
  }

  @Test
  void authorizationSingleUserAndUserList() throws Exception {
    assertEquals(
        Map.of("alice", "wonder"),
        read("authorization {\n  user: alice\n  password: wonder\n}\n").users());
    ServerConfig c =
        read(
            """
                authorization {
                  users = [
                    {user: a, password: one}
                    {user = "b", password = "$2a$04$IwR0S4ZvwhvQ2K1JqIA4zOpgCWB3hsDp43F9k4/C0Oe9.ZjjTiz2."},
                  ]
                }
                """);
    assertEquals(
        Map.of("a", "one", "b", "$2a$04$IwR0S4ZvwhvQ2K1JqIA4zOpgCWB3hsDp43F9k4/C0Oe9.ZjjTiz2."),
        c.users());
    assertNull(c.token());
  }

  @Test
  void loggingKeys() throws Exception {
    ServerConfig c = read("debug: true\ntrace: yes\nlogfile: \"/tmp/x.log\"\n");
    assertTrue(c.debug());
    assertTrue(c.trace());
    assertEquals("/tmp/x.log", c.logFile());
  }

  @Test
  void keysAreCaseInsensitive() throws Exception {
    assertEquals(1234, read("PORT: 1234\n").port());
  }

  @Test
  void errorsNameFileLineAndKey() {
    assertEquals("test.conf:2:1: unknown field \"foo\"", error("port: 1\nfoo: 1\n"));
    String bad = error("port: 1\n\nmax_payload: \"abc\"\n");
    assertTrue(bad.startsWith("test.conf:3:1: ") && bad.contains("max_payload"), bad);
    String dur = error("ping_interval: \"abc\"\n");
    assertEquals("test.conf:1:1: error parsing ping_interval: time: invalid duration \"abc\"", dur);
    String both = error("authorization { token: x, users = [{user: a, password: b}] }\n");
    assertTrue(both.contains("Can not have a token and a users array"), both);
    String nested = error("authorization {\n  tokn: x\n}\n");
    assertTrue(nested.startsWith("test.conf:2:") && nested.contains("authorization.tokn"), nested);
    assertTrue(error("port: 70000\n").contains("port value is too big"));
    assertTrue(error("authorization {\n port: 1\n").contains("missing '}'"));
    assertTrue(error("host: \"open\n").contains("unterminated string"));
  }

  @Test
  void maxPayloadAboveMaxPendingIsRefusedLikeNatsServer() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> read("max_payload: 2MB\nmax_pending: 1MB\n"));
    assertEquals(
        "max_payload (2097152) cannot be higher than max_pending (1048576)", e.getMessage());
  }
}
