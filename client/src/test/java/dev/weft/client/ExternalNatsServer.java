package dev.weft.client;

import dev.weft.testing.NatsServerProcess;
import java.io.IOException;

/**
 * The real nats-server as a child process, a {@link TestServer}: the first start takes an ephemeral
 * loopback port, a restart takes the same one. Tests that need it skip visibly with {@link
 * #HOW_TO_ENABLE} when it is not installed.
 */
public final class ExternalNatsServer implements TestServer {
  /** Shown on every test skipped because nats-server is missing. */
  public static final String HOW_TO_ENABLE = NatsServerProcess.HOW_TO_ENABLE;

  private final String[] extraArgs;
  private NatsServerProcess process;
  private int port = -1;

  /** {@code extraArgs} go on nats-server's command line, such as {@code --auth TOKEN}. */
  public ExternalNatsServer(String... extraArgs) {
    this.extraArgs = extraArgs.clone();
  }

  public static boolean installed() {
    return NatsServerProcess.installed();
  }

  @Override
  public void start() throws IOException {
    process = NatsServerProcess.builder().port(port).arguments(extraArgs).start();
    port = process.port();
  }

  @Override
  public void stop() {
    NatsServerProcess p = process;
    process = null;
    if (p != null) {
      p.close();
    }
  }

  @Override
  public int port() {
    return port;
  }
}
