/**
 * The kit's public face, the one package {@code dev.weft.tck} exports: {@link dev.weft.tck.WeftTck}
 * (the class a backend's certification test extends), {@link dev.weft.tck.Rule} (how every rule
 * becomes a named, time-limited test, and the {@code weft.tck.rules} selection), {@link
 * dev.weft.tck.TckTarget} and {@link dev.weft.tck.TckTimeouts} (what a run judges, and its scaled
 * timeouts), {@link dev.weft.tck.RuleCatalog} (the rules the kit registers, listed without running
 * them) and the thread dump printed on a hang. Backend authors and their test classes depend on it;
 * the suite packages ({@code spi}, {@code interop}, {@code server}, {@code client}) use {@code
 * Rule} and {@code TckTarget} from it, and only {@code WeftTck} and {@code RuleCatalog} reach back
 * to the suites' entry points.
 */
package dev.weft.tck;
