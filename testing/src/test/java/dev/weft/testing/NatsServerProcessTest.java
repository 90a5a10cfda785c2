package dev.weft.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the installed nats-server; skipped with the how-to-enable text when there is none. */
class NatsServerProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @BeforeEach
  void needsNatsServer() {
    assumeTrue(NatsServerProcess.installed(), NatsServerProcess.HOW_TO_ENABLE);
  }

  @Test
  void startsOnAnEphemeralLoopbackPortAndAnswersPing() throws IOException {
    try (NatsServerProcess nats = NatsServerProcess.start()) {
      assertTrue(nats.port() > 0);
      assertEquals("nats://127.0.0.1:" + nats.port(), nats.url());
      assertEquals(nats.port(), nats.address().getPort());
      assertEquals("PONG", ping(nats.port(), "CONNECT {}\r\nPING\r\n"));
      assertTrue(nats.log().stream().anyMatch(l -> l.contains("Server is ready")), "" + nats.log());
    }
  }

  @Test
  void takesConfigurationLinesAndExtraArguments() throws IOException {
    try (NatsServerProcess nats =
        NatsServerProcess.builder()
            .config(List.of("max_payload: 512"))
            .arguments("--auth", "s3cret")
            .startTimeout(WAIT)
            .start()) {
      String info = infoLine(nats.port());
      assertTrue(info.contains("\"max_payload\":512"), info);
      assertTrue(info.contains("\"auth_required\":true"), info);
    }
  }

  @Test
  void logGrowsWhileTheServerRuns() throws IOException {
    try (NatsServerProcess nats =
        NatsServerProcess.builder().config(List.of("debug: true", "trace: true")).start()) {
      assertEquals("PONG", ping(nats.port(), "CONNECT {}\r\nPING\r\n"));
      Eventually.until(
          WAIT,
          () -> "a traced PING in " + nats.log(),
          () -> nats.log().stream().anyMatch(l -> l.contains("<<- [PING]")));
    }
  }

  @Test
  void closeStopsTheProcessSoThePortCanBeTakenAgain() throws IOException {
    int port;
    try (NatsServerProcess first = NatsServerProcess.start()) {
      port = first.port();
    }
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    try (NatsServerProcess second = NatsServerProcess.builder().port(port).start()) {
      assertEquals(port, second.port());
      assertEquals("PONG", ping(port, "CONNECT {}\r\nPING\r\n"));
    }
  }

  @Test
  void aServerThatExitsReportsItsLog() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> NatsServerProcess.builder().arguments("--no-such-option").start());
    assertTrue(e.getMessage().contains("did not start"), e.getMessage());
    assertFalse(e.getMessage().endsWith("[]"), e.getMessage());
  }

  private static String infoLine(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout((int) WAIT.toMillis());
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
    }
  }

  /** Sends {@code request} after INFO and returns the first line that is not INFO or +OK. */
  private static String ping(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout((int) WAIT.toMillis());
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String info = in.readLine();
      assertTrue(info.startsWith("INFO "), info);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String line;
      do {
        line = in.readLine();
      } while (line != null && line.startsWith("+OK"));
      return line;
    }
  }
}
