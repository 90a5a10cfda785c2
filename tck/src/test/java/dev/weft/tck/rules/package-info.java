/**
 * The check that keeps the three copies of the rule catalog in step: the rules stated in the SPI
 * Javadoc ({@code async-spi/src/main/java}), those listed in {@code docs/spi.md}, and those the kit
 * registers ({@link dev.weft.tck.RuleCatalog}), compared by ID, level and test name, with a test of
 * the comparison itself on deliberately mismatched catalogs. It reads the sources from the
 * repository root given by Surefire; nothing depends on it.
 */
package dev.weft.tck.rules;
