package dev.weft.tck.certify;

import dev.weft.spi.Backend;
import dev.weft.spi.Backends;
import dev.weft.tck.WeftTck;
import org.junit.jupiter.api.condition.EnabledIf;

/** Certifies the built-in Loom backend, unless the build chose another one. */
@EnabledIf(
    value = "dev.weft.tck.certify.SelectedBackends#loom",
    disabledReason = "backend 'loom' is not in -Dweft.tck.backends (another -Pbackend was chosen)")
class LoomTckTest extends WeftTck {
  @Override
  protected Backend backend() {
    return Backends.named("loom");
  }
}
