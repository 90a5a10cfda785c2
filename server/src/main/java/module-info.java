/**
 * The NATS-protocol server, written only against the Weft SPI: the same jar runs on every backend,
 * found with {@link java.util.ServiceLoader} unless one is handed to the builder.
 */
module dev.weft.server {
  // Its API (WeftServer.Builder) takes a Backend and RuntimeOptions.
  requires transitive dev.weft.spi;
  requires dev.weft.wire;
  requires bcrypt;
  // The CLI routes the engine's System.Logger output (java.util.logging by default) to -l FILE in
  // nats-server's format.
  requires java.logging;

  uses dev.weft.spi.Backend;

  exports dev.weft.server;
}
