package dev.weft.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real nats-server as a child process on 127.0.0.1, the reference Weft's server and client are
 * compared against. It listens on an ephemeral port ({@code -p -1}) unless given one, and counts as
 * started once its log names the port and says it is ready. Its log (stdout and stderr) is read as
 * it comes, so a test can look at trace lines while the server runs. The binary is found with
 * {@code -Dweft.natsServer=PATH}, then on the {@code PATH}, then in {@code /usr/sbin} and {@code
 * /usr/bin}; tests skip with {@link #HOW_TO_ENABLE} when there is none.
 */
public final class NatsServerProcess implements AutoCloseable {
  /** The system property naming the nats-server binary, looked at before the {@code PATH}. */
  public static final String BINARY_PROPERTY = "weft.natsServer";

  /** Shown on every test skipped because the binary is missing. */
  public static final String HOW_TO_ENABLE =
      "nats-server not found: install it (apt-get install nats-server) or point -D"
          + BINARY_PROPERTY
          + "=PATH at it";

  /** How long {@link Builder#start()} waits for readiness unless told otherwise. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);

  private static final String HOST = "127.0.0.1";
  private static final Pattern LISTENING =
      Pattern.compile("Listening for client connections on (\\S+):(\\d+)");
  private static final String READY = "Server is ready";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final Process process;
  private final Thread logReader;
  private final List<String> log;
  private final Optional<Path> configFile;
  private final int port;

  private NatsServerProcess(
      Process process, Thread logReader, List<String> log, Optional<Path> configFile, int port) {
    this.process = process;
    this.logReader = logReader;
    this.log = log;
    this.configFile = configFile;
    this.port = port;
  }

  /** The nats-server binary, if one is installed where this class looks. */
  public static Optional<Path> binary() {
    String configured = System.getProperty(BINARY_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "nats-server"));
      }
    }
    candidates.add(Path.of("/usr/sbin/nats-server"));
    candidates.add(Path.of("/usr/bin/nats-server"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** Whether {@link #binary()} finds one: the condition of every test that needs nats-server. */
  public static boolean installed() {
    return binary().isPresent();
  }

  /** Starts nats-server with no configuration file on an ephemeral port. */
  public static NatsServerProcess start() throws IOException {
    return builder().start();
  }

  /** Options for one start: port, configuration lines, extra command-line arguments, timeout. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port it listens on (the one it was given, or the ephemeral one it chose). */
  public int port() {
    return port;
  }

  /** Its loopback address. */
  public InetSocketAddress address() {
    return new InetSocketAddress(HOST, port);
  }

  /** {@code nats://127.0.0.1:PORT}. */
  public String url() {
    return "nats://" + HOST + ":" + port;
  }

  /** Its log lines so far, in order; grows while the server runs. */
  public List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /**
   * Stops the server (SIGTERM, then SIGKILL if it has not exited within 5 s) and waits until it has
   * exited, so that a restart may take the same port. Idempotent.
   */
  @Override
  public void close() {
    stop(process);
    try {
      // The process is gone, so its output ends: after this, log() holds every line it wrote.
      logReader.join(STOP_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    configFile.ifPresent(NatsServerProcess::deleteQuietly);
  }

  private static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A leftover temporary file is harmless.
    }
  }

  /** What one start of nats-server looks like. Each setter returns this builder. */
  public static final class Builder {
    private int port = -1;
    private List<String> configLines = List.of();
    private List<String> arguments = List.of();
    private Duration startTimeout = DEFAULT_START_TIMEOUT;

    private Builder() {}

    /** Listen on {@code port}; by default on an ephemeral one ({@code -1}, nats-server's own). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Lines of a configuration file, written to a temporary file and given with {@code -c}. */
    public Builder config(List<String> lines) {
      this.configLines = List.copyOf(lines);
      return this;
    }

    /**
     * Command-line arguments after the host, port and configuration file, such as {@code --auth}.
     */
    public Builder arguments(String... arguments) {
      this.arguments = List.copyOf(Arrays.asList(arguments));
      return this;
    }

    /** How long to wait for the server to report it is listening and ready. */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /**
     * Starts the server and returns once its log names its port and says it is ready.
     *
     * @throws IOException with {@link #HOW_TO_ENABLE} when there is no binary; with the log so far
     *     when the server exits or is not ready within the timeout
     */
    public NatsServerProcess start() throws IOException {
      Path bin = binary().orElseThrow(() -> new IOException(HOW_TO_ENABLE));
      Optional<Path> conf = Optional.empty();
      List<String> command =
          new ArrayList<>(List.of(bin.toString(), "-a", HOST, "-p", String.valueOf(port)));
      if (!configLines.isEmpty()) {
        Path file = Files.createTempFile("weft-nats-server-", ".conf");
        Files.writeString(file, String.join("\n", configLines) + "\n", StandardCharsets.UTF_8);
        conf = Optional.of(file);
        command.addAll(List.of("-c", file.toString()));
      }
      command.addAll(arguments);
      Process p;
      try {
        p = new ProcessBuilder(command).redirectErrorStream(true).start();
      } catch (IOException e) {
        conf.ifPresent(NatsServerProcess::deleteQuietly);
        throw e;
      }
      List<String> log = Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<Integer> ready = new CompletableFuture<>();
      Thread reader =
          Thread.ofPlatform()
              .daemon(true)
              .name("nats-server-log-" + p.pid())
              .start(() -> readLog(p, log, ready));
      try {
        int boundPort = ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return new NatsServerProcess(p, reader, log, conf, boundPort);
      } catch (InterruptedException e) {
        abandon(p, conf);
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while nats-server was starting");
      } catch (TimeoutException | ExecutionException e) {
        abandon(p, conf);
        String why =
            e instanceof TimeoutException
                ? "not ready within " + startTimeout
                : e.getCause().getMessage();
        throw new IOException("nats-server did not start (" + why + "); its log: " + copy(log), e);
      }
    }

    /**
     * Collects every line and completes {@code ready} with the port once the server has said both
     * where it listens and that it is ready; fails it if the output ends first.
     */
    private static void readLog(Process p, List<String> log, CompletableFuture<Integer> ready) {
      int listening = -1;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          log.add(line);
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            listening = Integer.parseInt(m.group(2));
          }
          if (listening > 0 && line.contains(READY)) {
            ready.complete(listening);
          }
        }
      } catch (IOException | UncheckedIOException ignored) {
        // The stream closes when the process is destroyed; what was read is in the log.
      }
      ready.completeExceptionally(new IOException("it exited before it was ready"));
    }

    private static void abandon(Process p, Optional<Path> conf) {
      p.destroyForcibly();
      try {
        p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      conf.ifPresent(NatsServerProcess::deleteQuietly);
    }

    private static List<String> copy(List<String> log) {
      synchronized (log) {
        return List.copyOf(log);
      }
    }
  }
}
