package dev.weft.backend.loom;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Capability;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.SpiVersion;
import java.util.Objects;
import java.util.Set;

/**
 * The Loom backend: every task, and every socket's pumps, are JDK virtual threads doing plain
 * blocking I/O on JDK socket channels. Registered with {@link java.util.ServiceLoader}; the
 * constructor is free and starts nothing.
 */
public final class LoomBackend implements Backend {
  private static final Set<Capability> CAPABILITIES =
      Set.of(Capability.IPV6, Capability.SOCKET_BUFFER_SIZES);

  public LoomBackend() {
    // nothing to set up: resources belong to open()
  }

  @Override
  public String name() {
    return "loom";
  }

  @Override
  public String version() {
    return "0.1.0";
  }

  @Override
  public int spiVersion() {
    return SpiVersion.CURRENT;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public AsyncRuntime open(RuntimeOptions options) {
    return new LoomRuntime(this, LoomOptions.parse(Objects.requireNonNull(options, "options")));
  }

  @Override
  public String toString() {
    return "LoomBackend[" + version() + "]";
  }
}
