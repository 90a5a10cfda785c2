package dev.weft.server.differential;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference: a real nats-server process on 127.0.0.1 and a random port, started with a
 * temporary configuration file. Found with {@code -Dweft.natsServer=PATH}, then on the PATH, then
 * at Debian's /usr/sbin/nats-server.
 */
public final class NatsServerProcess implements ServerUnderTest {
  /** Shown when the binary is missing, on every skipped test. */
  public static final String HOW_TO_ENABLE =
      "nats-server not found: install it (apt-get install nats-server) or point -Dweft.natsServer=PATH at it";

  private static final Pattern LISTENING =
      Pattern.compile("Listening for client connections on (\\S+):(\\d+)");

  private final Process process;
  private final InetSocketAddress address;
  private final Path configFile;
  private final List<String> log;

  private NatsServerProcess(
      Process process, InetSocketAddress address, Path configFile, List<String> log) {
    this.process = process;
    this.address = address;
    this.configFile = configFile;
    this.log = log;
  }

  /** The nats-server binary, if there is one. */
  public static Optional<Path> binary() {
    String configured = System.getProperty("weft.natsServer");
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String pathEnv = System.getenv().getOrDefault("PATH", "");
    List<Path> candidates = new ArrayList<>();
    for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "nats-server"));
      }
    }
    candidates.add(Path.of("/usr/sbin/nats-server"));
    candidates.add(Path.of("/usr/bin/nats-server"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /**
   * Starts nats-server with {@code configLines} as its configuration file, and waits until it logs
   * the port it listens on.
   */
  public static NatsServerProcess start(List<String> configLines, Duration timeout)
      throws IOException {
    Path bin = binary().orElseThrow(() -> new IllegalStateException(HOW_TO_ENABLE));
    Path conf = Files.createTempFile("weft-differential-", ".conf");
    Files.writeString(conf, String.join("\n", configLines) + "\n", StandardCharsets.UTF_8);
    // -p -1 is nats-server's "random port"; the log line tells which one it got.
    Process p =
        new ProcessBuilder(bin.toString(), "-a", "127.0.0.1", "-p", "-1", "-c", conf.toString())
            .redirectErrorStream(true)
            .start();
    List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<InetSocketAddress> listening = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon(true)
        .name("nats-server-log")
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  log.add(line);
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    listening.complete(
                        new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(2))));
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
              listening.completeExceptionally(
                  new IOException("nats-server exited before listening: " + log));
            });
    try {
      InetSocketAddress address = listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new NatsServerProcess(p, address, conf, log);
    } catch (TimeoutException | InterruptedException | java.util.concurrent.ExecutionException e) {
      p.destroyForcibly();
      Files.deleteIfExists(conf);
      throw new IOException("nats-server did not start: " + e.getMessage() + "; log: " + log, e);
    }
  }

  @Override
  public String label() {
    return "nats-server";
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  /** Its log so far, for failure messages. */
  public List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(configFile);
    } catch (IOException ignored) {
      // a leftover temp file is harmless
    }
  }
}
