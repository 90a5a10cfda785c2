package dev.weft.spi;

import java.util.Set;

/**
 * A runtime provider: the one type a backend registers with {@link java.util.ServiceLoader} ({@code
 * provides dev.weft.spi.Backend with ...} in its {@code module-info}, and a {@code
 * META-INF/services/dev.weft.spi.Backend} entry for the class path). Applications find it through
 * {@link Backends#bind()}.
 *
 * <p>Rules (the TCK test for each carries its ID):
 *
 * <ul>
 *   <li><b>BACKEND-1</b> {@link #name()} is non-empty, matches {@code [a-z][a-z0-9-]*}, and is the
 *       same on every call.
 *   <li><b>BACKEND-2</b> {@link #version()} is non-empty.
 *   <li><b>BACKEND-3</b> {@link #spiVersion()} equals {@link SpiVersion#CURRENT} of the SPI it is
 *       run with.
 *   <li><b>BACKEND-4</b> {@link #capabilities()} is non-null, unmodifiable, and the same on every
 *       call.
 *   <li><b>BACKEND-5</b> the backend is registered as a {@code ServiceLoader} provider of this
 *       interface.
 *   <li><b>BACKEND-6</b> every {@link #open} returns a new, independent runtime: two runtimes of
 *       one backend can be open at once, and closing one does not affect the other.
 * </ul>
 *
 * A backend's public no-argument constructor must be cheap and must not start threads: the
 * runtime's resources belong to {@link #open}.
 */
public interface Backend {
  /** Short stable name used for selection, e.g. {@code loom}; see BACKEND-1. */
  String name();

  /** The backend's own version (free form, e.g. the jar version). */
  String version();

  /** The {@link SpiVersion} this backend was built for; see BACKEND-3. */
  int spiVersion();

  /** The optional capabilities whose {@code CAP-} rules this backend passes. */
  Set<Capability> capabilities();

  /**
   * Opens a runtime. Unknown option keys are ignored; a known key with a bad value throws {@link
   * IllegalArgumentException} naming the key.
   */
  AsyncRuntime open(RuntimeOptions options);
}
