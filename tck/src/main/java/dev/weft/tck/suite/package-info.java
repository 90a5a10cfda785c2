/**
 * What every suite builds its tests from: {@link dev.weft.tck.suite.Rule} (how a rule becomes a
 * named, time-limited test, and the {@code weft.tck.rules} selection), {@link
 * dev.weft.tck.suite.TckTarget} and {@link dev.weft.tck.suite.TckTimeouts} (what a run judges, and
 * its scaled timeouts) and {@link dev.weft.tck.suite.ThreadDump} (the dump printed on a hang). The
 * suite packages ({@code spi}, {@code interop}, {@code server}, {@code client}) and the kit's root
 * package depend on it; it depends on none of them, and the module does not export it.
 */
package dev.weft.tck.suite;
