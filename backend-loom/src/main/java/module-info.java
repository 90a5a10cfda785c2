/**
 * The Weft SPI on plain JDK 21+ virtual threads and blocking JDK socket channels. No third-party
 * dependency. Found through {@link java.util.ServiceLoader} only; it exports nothing.
 */
module dev.weft.backend.loom {
  requires dev.weft.spi;
  requires dev.weft.backend.kit;

  provides dev.weft.spi.Backend with
      dev.weft.backend.loom.LoomBackend;
}
