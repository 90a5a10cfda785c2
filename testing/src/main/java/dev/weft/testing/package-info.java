/**
 * Test fixtures shared by the tests of {@code server}, {@code client} and the TCK: {@link
 * dev.weft.testing.NatsServerProcess} (the reference nats-server on a loopback ephemeral port, with
 * its live log and the text to show when it is not installed) and {@link
 * dev.weft.testing.Eventually} (wait for a condition with a deadline, or watch that one keeps
 * holding, instead of sleeping a guessed time). Depends on nothing but {@code java.base}. Only test
 * code may depend on it: the TCK's main code, and other modules in test scope; no module's
 * production code (checked by the TCK's {@code ModuleBoundariesTest}).
 */
package dev.weft.testing;
