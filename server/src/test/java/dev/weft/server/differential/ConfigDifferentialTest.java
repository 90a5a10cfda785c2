package dev.weft.server.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.server.ServerConfig;
import dev.weft.server.config.ConfigException;
import dev.weft.server.config.ServerConfigFile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Our configuration reader against nats-server's: each file of {@code
 * src/test/resources/differential/config} is given to a real nats-server and to {@link
 * ServerConfigFile}. Both must accept it or both refuse it; when accepted, the max_payload and
 * auth_required nats-server advertises must be what our reader produced.
 *
 * <p>Files named {@code stricter-*} are deliberate differences: nats-server 2.9.10 starts with them
 * but the result is unusable (a negative max_payload is advertised as is, and nats.go then refuses
 * every publish), so Weft refuses them. The test checks that both still hold. The port cannot be
 * compared: the test starts nats-server with {@code -p -1}, which overrides the file.
 */
class ConfigDifferentialTest {
  private static final Pattern MAX_PAYLOAD = Pattern.compile("\"max_payload\":(\\d+)");

  @TestFactory
  Stream<DynamicTest> configFiles() throws IOException, URISyntaxException {
    Path dir = corpus();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> check(f)));
  }

  private static void check(Path file) throws Exception {
    assumeTrue(NatsServerUnderTest.installed(), NatsServerUnderTest.HOW_TO_ENABLE);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    ServerConfig ours = null;
    String ourError = null;
    try {
      ServerConfig.Builder b = new ServerConfig.Builder();
      ServerConfigFile.apply(file, b, warning -> {});
      ours = b.build();
    } catch (ConfigException | IllegalArgumentException e) {
      ourError = e.getMessage();
    }
    String info = null;
    String natsError = null;
    try (NatsServerUnderTest nats = NatsServerUnderTest.start(lines, Duration.ofSeconds(10));
        RawConnection c = new RawConnection("info", nats.address(), Duration.ofSeconds(5))) {
      c.awaitBytes(
          b -> ScriptRunner.indexOf(b, new byte[] {'\r', '\n'}, 0) >= 0, Duration.ofSeconds(5));
      info = c.receivedText();
    } catch (IOException e) {
      natsError = e.getMessage();
    }
    if (file.getFileName().toString().startsWith("stricter-")) {
      assertTrue(
          natsError == null && ourError != null,
          "deliberate difference no longer holds for "
              + file.getFileName()
              + ": nats-server "
              + (natsError == null ? "accepts" : "refuses")
              + ", Weft "
              + (ourError == null ? "accepts" : "refuses"));
      return;
    }
    assertEquals(
        natsError == null,
        ourError == null,
        "nats-server "
            + (natsError == null ? "accepts" : "refuses")
            + " "
            + file.getFileName()
            + ", our reader "
            + (ourError == null ? "accepts it" : "refuses it: " + ourError)
            + (natsError == null ? "" : "\nnats-server: " + natsError));
    if (ours != null) {
      Matcher m = MAX_PAYLOAD.matcher(info);
      assertTrue(m.find(), info);
      assertEquals(
          Long.parseLong(m.group(1)),
          ours.maxPayload(),
          "max_payload read from " + file.getFileName());
      assertEquals(info.contains("\"auth_required\":true"), ours.authRequired(), "auth_required");
    }
  }

  private static Path corpus() throws URISyntaxException {
    URL url = ConfigDifferentialTest.class.getResource("/differential/config");
    if (url != null && "file".equals(url.getProtocol())) {
      return Path.of(url.toURI());
    }
    return Path.of("src", "test", "resources", "differential", "config");
  }
}
