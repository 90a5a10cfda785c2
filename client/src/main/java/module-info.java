/**
 * A NATS client written only against the Weft SPI: {@link dev.weft.client.Connection} is the
 * library, {@code dev.weft.client.cli.CliMain} the command line. It runs on whichever backend
 * {@link dev.weft.spi.Backends#bind()} finds, or on a runtime or backend it is given. Only the API
 * and the command line are exported; the wire format ({@code dev.weft.client.protocol}) stays
 * inside.
 */
module dev.weft.client {
  requires transitive dev.weft.spi;
  requires dev.weft.wire;

  exports dev.weft.client;
  exports dev.weft.client.cli;
}
