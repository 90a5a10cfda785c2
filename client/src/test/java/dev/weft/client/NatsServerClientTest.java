package dev.weft.client;

import org.junit.jupiter.api.Assumptions;

/** The client against the real nats-server; skipped, saying how to enable it, when it is absent. */
class NatsServerClientTest extends ClientScenarios {
  @Override
  void assumeServerAvailable() {
    Assumptions.assumeTrue(ExternalNatsServer.installed(), ExternalNatsServer.HOW_TO_ENABLE);
  }

  @Override
  TestServer newServer(String token) {
    return token == null ? new ExternalNatsServer() : new ExternalNatsServer("--auth", token);
  }
}
