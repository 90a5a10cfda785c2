package dev.weft.tck.suite;

import dev.weft.spi.Backend;
import dev.weft.spi.Backends;
import dev.weft.spi.RuntimeOptions;
import java.util.List;

/**
 * What one TCK run judges: the backend under test with its options, and the reference backends
 * (every other backend found with {@link java.util.ServiceLoader}) it is paired with.
 *
 * @param backend the backend under test
 * @param options options for every runtime opened on it
 * @param references the other backends present, by name, never the one under test
 * @param timeouts the kit's timeouts, scaled by {@code -Dweft.tck.timeoutScale}
 */
public record TckTarget(
    Backend backend, RuntimeOptions options, List<Backend> references, TckTimeouts timeouts) {

  public static TckTarget of(Backend backend, RuntimeOptions options) {
    List<Backend> refs =
        Backends.available(TckTarget.class.getClassLoader()).stream()
            .filter(b -> !b.name().equals(backend.name()))
            .toList();
    return new TckTarget(backend, options, refs, TckTimeouts.fromSystemProperties());
  }
}
