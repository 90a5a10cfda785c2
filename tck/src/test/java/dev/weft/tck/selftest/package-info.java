/**
 * The kit's own tests: deliberately broken backends, each the real Loom backend behind SPI-only
 * decorators with exactly one defect, run through the whole kit with the JUnit Platform Launcher to
 * show that the kit fails them on the right rule and only there; and the interop matrix check. They
 * depend on the kit's public API and the SPI; nothing depends on them.
 */
package dev.weft.tck.selftest;
