package dev.weft.bench;

import dev.weft.spi.RuntimeOptions;

/**
 * One runtime configuration under test: a backend found by name and the options its runtime is
 * opened with.
 */
record Variant(String label, String backendName, RuntimeOptions options) {
  static Variant of(String label, String backendName) {
    return new Variant(label, backendName, RuntimeOptions.defaults());
  }
}
