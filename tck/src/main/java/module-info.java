/** The Weft compatibility kit. A backend author extends {@link dev.weft.tck.WeftTck}. */
module dev.weft.tck {
  requires transitive dev.weft.spi;
  requires transitive org.junit.jupiter.api;
  requires dev.weft.client;
  requires dev.weft.server;
  requires dev.weft.testing;
  requires io.nats.jnats;
  requires java.management;
  requires jdk.management;

  exports dev.weft.tck;

  opens dev.weft.tck to
      org.junit.platform.commons;

  uses dev.weft.spi.Backend;
}
