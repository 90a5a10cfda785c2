package dev.weft.client.cli;

import dev.weft.client.EmbeddedWeftServer;
import dev.weft.client.TestServer;

/** weft-cli against WeftServer on Loom. */
class CliAgainstWeftServerTest extends CliScenarios {
  @Override
  TestServer newServer(String token) {
    return new EmbeddedWeftServer(token);
  }
}
