/**
 * The kit's public face, the one package {@code dev.weft.tck} exports: {@link dev.weft.tck.WeftTck}
 * (the class a backend's certification test extends) and {@link dev.weft.tck.RuleCatalog} (the
 * rules the kit registers, listed without running them). Backend authors and their test classes
 * depend on it. It reaches down to the suites' entry points and to {@code dev.weft.tck.suite};
 * nothing in the kit depends back on it, so the kit's packages form no cycle.
 */
package dev.weft.tck;
