/**
 * The SPI suite: one test per rule ID of the {@code dev.weft.spi} Javadoc, one class per rule
 * family ({@code WaitTimeoutRules} for WAIT-3 to WAIT-6, {@code ReadWriteRules} for READ and WRITE,
 * ...), all registered, in report order, by {@link dev.weft.tck.spi.SpiSuite}, together with what
 * the rules judge with: fresh runtimes on the backend under test ({@code Fixture}), an independent
 * plain-JDK peer ({@code JdkServer}), and checks for parked threads, stalls, promptness and leaked
 * threads. Only {@link dev.weft.tck.WeftTck} and {@link dev.weft.tck.RuleCatalog} depend on it,
 * through {@code SpiSuite}; it depends on the SPI, JUnit, the shared {@code
 * dev.weft.testing.Eventually} and the kit's root package, never on a backend.
 */
package dev.weft.tck.spi;
