package dev.weft.client.cli;

import dev.weft.client.ExternalNatsServer;
import dev.weft.client.TestServer;
import org.junit.jupiter.api.Assumptions;

/** weft-cli against the real nats-server; skipped, saying how to enable it, when it is absent. */
class CliAgainstNatsServerTest extends CliScenarios {
  @Override
  void assumeServerAvailable() {
    Assumptions.assumeTrue(ExternalNatsServer.installed(), ExternalNatsServer.HOW_TO_ENABLE);
  }

  @Override
  TestServer newServer(String token) {
    return new ExternalNatsServer("--auth", token);
  }
}
