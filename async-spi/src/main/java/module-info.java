/**
 * Weft's async runtime SPI. The contract is in the Javadoc of each type; every rule has an ID (such
 * as {@code WAIT-3}) and the TCK test that checks it carries the same ID.
 */
module dev.weft.spi {
  exports dev.weft.spi;

  uses dev.weft.spi.Backend;
}
