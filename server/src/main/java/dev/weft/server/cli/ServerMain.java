package dev.weft.server.cli;

import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.server.config.ConfigException;
import dev.weft.spi.Backend;
import dev.weft.spi.BackendBindingException;
import dev.weft.spi.Backends;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code weft-server}: the runnable jar's entry point, taking nats-server's common flags (see
 * {@link ServerCommandLine#USAGE}). Exit codes: 0 after a clean stop (SIGTERM/SIGINT included), 1
 * when the configuration or the backend is unusable or the port cannot be bound, 2 for a bad
 * command line.
 */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the command line; for a server, blocks until it has been shut down by a signal. Returns
   * the exit code for everything that ends on its own (help, version, errors).
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Invocation invocation;
    try {
      invocation = ServerCommandLine.parse(args);
    } catch (UsageException e) {
      err.println("weft-server: " + e.getMessage());
      err.println();
      err.print(ServerCommandLine.USAGE);
      return 2;
    } catch (ConfigException e) {
      err.println("weft-server: " + e.getMessage());
      return 1;
    }
    return switch (invocation) {
      case Invocation.ShowHelp h -> {
        out.print(ServerCommandLine.USAGE);
        yield 0;
      }
      case Invocation.ShowVersion v -> {
        try {
          out.println(versionLine(Backends.bind()));
          yield 0;
        } catch (BackendBindingException e) {
          err.println("weft-server " + version() + ": " + e.getMessage());
          yield 1;
        }
      }
      case Invocation.Run r -> serve(r, err);
    };
  }

  /** {@code weft-server 0.1.0 (backend loom 0.1.0)}. */
  static String versionLine(Backend backend) {
    return "weft-server "
        + version()
        + " (backend "
        + backend.name()
        + " "
        + backend.version()
        + ")";
  }

  /** This jar's version, from the Maven metadata the jar plugin writes, else the manifest. */
  static String version() {
    try (InputStream in =
        ServerMain.class.getResourceAsStream("/META-INF/maven/dev.weft/server/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null) {
          return v;
        }
      }
    } catch (IOException ignored) {
      // fall through to the manifest
    }
    String v = ServerMain.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static int serve(Invocation.Run run, PrintStream err) {
    ServerConfig config = run.config();
    PrintStream logOut = err;
    if (config.logFile() != null) {
      try {
        logOut =
            new PrintStream(
                new FileOutputStream(config.logFile(), true), true, StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println(
            "weft-server: cannot open log file " + config.logFile() + ": " + e.getMessage());
        return 1;
      }
    }
    ServerLog log = new ServerLog(logOut, config.debug());
    log.captureEngineLog(config.trace());
    Backend backend;
    try {
      backend = Backends.bind();
    } catch (BackendBindingException e) {
      log.error(e.getMessage());
      return 1;
    }
    log.info("Starting weft-server");
    log.info("  Version:  " + version());
    log.info("  Backend:  " + backend.name() + " " + backend.version());
    if (run.configFile() != null) {
      log.info("Using configuration file: " + run.configFile());
    }
    run.warnings().forEach(log::warn);
    if (config.authRequired()
        && config.users().values().stream().anyMatch(p -> !p.startsWith("$2"))) {
      log.warn("Plaintext passwords detected, use nkeys or bcrypt");
    }

    WeftServer server;
    try {
      server = WeftServerFactory.start(config, backend);
    } catch (IOException | RuntimeException e) {
      log.error(
          "Error listening on port: "
              + config.host()
              + ":"
              + config.port()
              + ", \""
              + e.getMessage()
              + "\"");
      return 1;
    }
    log.info("Listening for client connections on " + hostPort(config.host(), server.port()));
    log.info("Server is ready");

    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              log.info("Initiating Shutdown...");
              try {
                server.close();
              } finally {
                log.info("Server Exiting..");
                stopped.countDown();
                // A JVM stopped by SIGTERM/SIGINT otherwise exits 143/130; a graceful stop is a
                // success.
                Runtime.getRuntime().halt(0);
              }
            },
            "weft-server-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
