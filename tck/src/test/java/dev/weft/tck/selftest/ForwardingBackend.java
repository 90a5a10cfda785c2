package dev.weft.tck.selftest;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Capability;
import dev.weft.spi.RuntimeOptions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend that forwards everything to a real one, through the SPI only. Broken backends extend it
 * and override the one hook where their defect lives; left alone it must pass every rule the real
 * backend passes, which the self-tests check so that a failure is known to come from the defect and
 * not from the decoration.
 */
class ForwardingBackend implements Backend {
  private final String name;
  private final Backend real;
  private final List<AsyncRuntime> opened = new CopyOnWriteArrayList<>();

  ForwardingBackend(String name, Backend real) {
    this.name = name;
    this.real = real;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() {
    return real.version();
  }

  @Override
  public int spiVersion() {
    return real.spiVersion();
  }

  @Override
  public Set<Capability> capabilities() {
    return real.capabilities();
  }

  @Override
  public AsyncRuntime open(RuntimeOptions options) {
    AsyncRuntime rt = decorate(real.open(options));
    opened.add(rt);
    return rt;
  }

  /** The hook for a runtime-level defect. */
  protected AsyncRuntime decorate(AsyncRuntime realRuntime) {
    return new ForwardingRuntime(this, realRuntime);
  }

  /**
   * Releases whatever a run left behind. A rule that hit its time limit could not close its own
   * runtime, and a broken backend may hold on to more (see {@link LeakedThreadBackend}).
   */
  void release() {
    for (AsyncRuntime rt : opened) {
      rt.close();
    }
    opened.clear();
  }

  @Override
  public String toString() {
    return name + " (over " + real.name() + ")";
  }
}
