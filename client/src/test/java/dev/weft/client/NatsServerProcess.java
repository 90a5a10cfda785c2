package dev.weft.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real nats-server as a child process on a loopback ephemeral port ({@code -p -1}); the port is
 * read from its log. Tests that need it skip visibly when it is not installed.
 */
public final class NatsServerProcess implements TestServer {
  public static final String SKIP_REASON =
      "nats-server not found: apt-get install nats-server to enable";
  private static final Pattern LISTENING =
      Pattern.compile("Listening for client connections on [^:]+:(\\d+)");

  private final List<String> extraArgs;
  private Process process;
  private int port = -1;
  private Path log;

  public NatsServerProcess(String... extraArgs) {
    this.extraArgs = List.of(extraArgs);
  }

  /** The nats-server binary on PATH or in /usr/sbin, if installed. */
  public static Optional<Path> binary() {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "nats-server"));
      }
    }
    candidates.add(Path.of("/usr/sbin/nats-server"));
    candidates.add(Path.of("/usr/bin/nats-server"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  @Override
  public void start() throws IOException {
    Path bin = binary().orElseThrow(() -> new IOException(SKIP_REASON));
    log = Files.createTempFile("weft-client-nats-server", ".log");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                bin.toString(),
                "-a",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "-l",
                log.toString()));
    cmd.addAll(extraArgs);
    process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find() && Files.readString(log, StandardCharsets.UTF_8).contains("Server is ready")) {
        port = Integer.parseInt(m.group(1));
        return;
      }
      if (!process.isAlive()) {
        throw new IOException(
            "nats-server exited: " + Files.readString(log, StandardCharsets.UTF_8));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    stop();
    throw new IOException("nats-server did not report ready within 10 s");
  }

  @Override
  public void stop() {
    Process p = process;
    process = null;
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // A leftover temp log is harmless.
    }
  }

  @Override
  public int port() {
    return port;
  }
}
