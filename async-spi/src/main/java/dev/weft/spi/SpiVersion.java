package dev.weft.spi;

/**
 * The version of this SPI. A backend reports the version it was compiled against in {@link
 * Backend#spiVersion()}; binding refuses a backend whose version differs ({@link
 * BackendBindingException.Code#SPI_VERSION_MISMATCH}), because a backend built for another contract
 * may compile and still break rules silently.
 */
public final class SpiVersion {
  /** The SPI version of this jar. Raised on every change to a rule or a signature. */
  public static final int CURRENT = 1;

  private SpiVersion() {}
}
