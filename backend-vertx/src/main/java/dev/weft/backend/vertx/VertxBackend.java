package dev.weft.backend.vertx;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Capability;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.SpiVersion;
import io.vertx.core.Vertx;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The Weft backend on Vert.x 5 core, named {@value #NAME}.
 *
 * <p>Found by {@link java.util.ServiceLoader}, it opens runtimes that each create, own and close a
 * {@code Vertx}. To run Weft on an application's own event loops instead, use {@link
 * #withVertx(Vertx)}: its runtimes use that {@code Vertx} and leave it open on close.
 */
public final class VertxBackend implements Backend {
  /** The backend's name, for {@code -Dweft.backend=vertx}. */
  public static final String NAME = "vertx";

  private static final String VERSION = "0.1.0-SNAPSHOT (Vert.x 5)";

  private final Vertx handedIn;
  private final Set<Capability> capabilities;

  /** The ServiceLoader provider: runtimes own their {@code Vertx}. Starts nothing. */
  public VertxBackend() {
    this(null);
  }

  private VertxBackend(Vertx handedIn) {
    this.handedIn = handedIn;
    EnumSet<Capability> caps = EnumSet.of(Capability.SOCKET_BUFFER_SIZES, Capability.IPV6);
    // An owned Vertx runs epoll by default where Vert.x can load it; a handed-in one runs what
    // the application chose.
    if (handedIn == null
        ? GuardedEpollTransport.ifAvailable() != null
        : handedIn.isNativeTransportEnabled()) {
      caps.add(Capability.NATIVE_TRANSPORT);
    }
    this.capabilities = Collections.unmodifiableSet(caps);
  }

  /**
   * A backend whose runtimes run on {@code vertx}: their sockets, listeners and timers live on its
   * event loops (task bodies still run on virtual threads). Closing such a runtime closes what the
   * runtime opened but leaves {@code vertx} and its threads running (the documented exception of
   * rule SHUT-5); the application closes {@code vertx} itself, after the runtime. The options
   * {@code weft.vertx.eventLoopThreads}, {@code weft.vertx.preferNative} and the blocked-thread
   * options do not apply, and blocked-thread warnings are left to the application's own handler.
   */
  public static Backend withVertx(Vertx vertx) {
    return new VertxBackend(Objects.requireNonNull(vertx, "vertx"));
  }

  /**
   * How many "Thread ... has been blocked" warnings the {@code Vertx} instances owned by this
   * backend's runtimes have raised in this JVM. Task code never runs on an event loop, so anything
   * above zero means an event loop stalled.
   */
  public static long blockedThreadWarnings() {
    return BlockedThreadWarnings.total();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public int spiVersion() {
    return SpiVersion.CURRENT;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public AsyncRuntime open(RuntimeOptions options) {
    return VertxRuntime.open(this, handedIn, options);
  }

  @Override
  public String toString() {
    return "VertxBackend[" + (handedIn == null ? "owns its Vertx" : "on " + handedIn) + "]";
  }
}
