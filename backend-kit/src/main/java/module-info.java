/**
 * The machinery every Weft backend shares, on the JDK alone: a task's virtual thread with its
 * outcome, cancel and join; timeouts with one "forever"; the waitable protocol and the one parker
 * every suspension goes through; the one-reader/one-writer guard; the reading of the options. Not a
 * backend and not part of the SPI: only backend modules may require it (enforced by the build and
 * by ArchUnit).
 */
module dev.weft.backend.kit {
  requires transitive dev.weft.spi;

  exports dev.weft.backend.kit;
}
