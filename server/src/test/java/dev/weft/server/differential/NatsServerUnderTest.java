package dev.weft.server.differential;

import dev.weft.testing.NatsServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The reference side of a differential test: the real nats-server, started with the script's
 * configuration lines, as a {@link ServerUnderTest}. Its live log serves the trace comparison.
 */
final class NatsServerUnderTest implements ServerUnderTest {
  /** Shown on every test skipped because nats-server is missing. */
  static final String HOW_TO_ENABLE = NatsServerProcess.HOW_TO_ENABLE;

  private final NatsServerProcess process;

  private NatsServerUnderTest(NatsServerProcess process) {
    this.process = process;
  }

  static boolean installed() {
    return NatsServerProcess.installed();
  }

  /** Starts nats-server with {@code configLines} as its configuration file. */
  static NatsServerUnderTest start(List<String> configLines, Duration timeout) throws IOException {
    return new NatsServerUnderTest(
        NatsServerProcess.builder().config(configLines).startTimeout(timeout).start());
  }

  @Override
  public String label() {
    return "nats-server";
  }

  @Override
  public InetSocketAddress address() {
    return process.address();
  }

  /** Its log so far, for trace comparisons and failure messages. */
  List<String> log() {
    return process.log();
  }

  @Override
  public void close() {
    process.close();
  }
}
