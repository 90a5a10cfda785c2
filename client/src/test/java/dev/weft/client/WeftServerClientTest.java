package dev.weft.client;

/** The client against Weft's own server, both on the Loom backend. */
class WeftServerClientTest extends ClientScenarios {
  @Override
  TestServer newServer(String token) {
    return new EmbeddedWeftServer(token);
  }
}
