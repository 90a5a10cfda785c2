package dev.weft.backend.netty;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Capability;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.SpiVersion;
import java.util.Set;

/**
 * The {@code netty} backend. Construction is free: every thread, event loop and allocator cache
 * belongs to the runtime that {@link #open} returns.
 */
public final class NettyBackend implements Backend {
  /** The backend name used by {@code -Dweft.backend=netty}. */
  public static final String NAME = "netty";

  private static final Set<Capability> CAPABILITIES =
      Set.of(Capability.NATIVE_TRANSPORT, Capability.IPV6, Capability.SOCKET_BUFFER_SIZES);

  public NettyBackend() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    String v = NettyBackend.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
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
    return NettyRuntime.open(this, NettyOptions.parse(options));
  }

  /**
   * Buffer leaks Netty reported in this JVM since the first runtime opened (or the first call
   * here). For certification runs, which read it reflectively: any leak fails them.
   */
  public static long reportedLeaks() {
    return LeakWatch.leaks();
  }

  /** The first few leak reports counted by {@link #reportedLeaks()}, with their access records. */
  public static java.util.List<String> leakReports() {
    return LeakWatch.firstReports();
  }

  /**
   * Leaks a probe object on purpose and returns true once its report was counted apart: proof that
   * {@link #reportedLeaks()} is live in this JVM (Netty logs to java.util.logging here).
   */
  public static boolean leakWatchSelfTest() {
    return LeakWatch.selfTest();
  }

  @Override
  public String toString() {
    return "NettyBackend[" + NAME + "]";
  }
}
