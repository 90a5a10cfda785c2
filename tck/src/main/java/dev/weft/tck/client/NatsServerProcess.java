package dev.weft.tck.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real nats-server as a child process on a loopback ephemeral port ({@code -p -1}, the port
 * read back from its log), the reference the client must also work against.
 */
final class NatsServerProcess implements ServerHandle {
  static final String SKIP_REASON =
      "nats-server not installed: apt-get install nats-server to enable";
  private static final Pattern LISTENING =
      Pattern.compile("Listening for client connections on [^:]+:(\\d+)");

  private final Process process;
  private final Path log;
  private final int port;

  private NatsServerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static Optional<Path> binary() {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "nats-server"));
      }
    }
    candidates.add(Path.of("/usr/sbin/nats-server"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  static NatsServerProcess start() throws IOException {
    Path bin = binary().orElseThrow(() -> new IOException(SKIP_REASON));
    Path log = Files.createTempFile("weft-tck-nats-server", ".log");
    Process p =
        new ProcessBuilder(bin.toString(), "-a", "127.0.0.1", "-p", "-1", "-l", log.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() - deadline < 0) {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      Matcher m = LISTENING.matcher(text);
      if (m.find() && text.contains("Server is ready")) {
        return new NatsServerProcess(p, log, Integer.parseInt(m.group(1)));
      }
      if (!p.isAlive()) {
        break;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    p.destroyForcibly();
    Files.deleteIfExists(log);
    throw new IOException("nats-server did not become ready: " + text);
  }

  @Override
  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } catch (IOException ignored) {
      // A leftover temp log is harmless.
    }
  }
}
