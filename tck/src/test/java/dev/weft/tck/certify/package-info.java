/**
 * The certification runs of the three built-in backends: one {@link dev.weft.tck.WeftTck} subclass
 * per backend, each enabled only when {@code -Dweft.tck.backends} names it. They depend on the
 * kit's public API and find their backend with {@link java.util.ServiceLoader}; nothing depends on
 * them.
 */
package dev.weft.tck.certify;
