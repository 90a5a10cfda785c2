package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Capability;
import dev.weft.spi.Listener;
import dev.weft.spi.SpiVersion;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** BACKEND-1 to BACKEND-6: the provider itself. */
final class BackendRules extends Fixture {
  BackendRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "BACKEND-1",
            "name() is non-empty, matches [a-z][a-z0-9-]*, and is stable",
            this::name),
        Rule.required(target, "BACKEND-2", "version() is non-empty", this::version),
        Rule.required(
            target, "BACKEND-3", "spiVersion() equals SpiVersion.CURRENT", this::spiVersion),
        Rule.required(
            target,
            "BACKEND-4",
            "capabilities() is non-null, unmodifiable and stable",
            this::capabilities),
        Rule.required(
            target,
            "BACKEND-5",
            "the backend is a ServiceLoader provider of Backend",
            this::registered),
        Rule.required(
            target,
            "BACKEND-6",
            "each open() is a new runtime, independent of the others",
            this::independent));
  }

  private void name() {
    Backend b = target.backend();
    String name = b.name();
    assertNotNull(name, "name() returned null");
    assertTrue(
        name.matches("[a-z][a-z0-9-]*"),
        () -> "name '" + name + "' does not match [a-z][a-z0-9-]*");
    for (int i = 0; i < 3; i++) {
      assertEquals(name, b.name(), "name() changed between calls");
    }
  }

  private void version() {
    String v = target.backend().version();
    assertNotNull(v, "version() returned null");
    assertFalse(v.isBlank(), "version() is blank");
  }

  private void spiVersion() {
    assertEquals(
        SpiVersion.CURRENT,
        target.backend().spiVersion(),
        "spiVersion() is not the SPI version run with");
  }

  private void capabilities() {
    Backend b = target.backend();
    Set<Capability> caps = b.capabilities();
    assertNotNull(caps, "capabilities() returned null");
    for (int i = 0; i < 3; i++) {
      assertEquals(caps, b.capabilities(), "capabilities() changed between calls");
    }
    Set<Capability> before = EnumSet.noneOf(Capability.class);
    before.addAll(caps);
    assertThrows(
        UnsupportedOperationException.class,
        () -> caps.addAll(EnumSet.allOf(Capability.class)),
        "capabilities() can be added to");
    assertThrows(UnsupportedOperationException.class, caps::clear, "capabilities() can be cleared");
    assertEquals(
        before, b.capabilities(), "capabilities() changed after a caller tried to modify them");
  }

  private void registered() {
    Class<?> type = target.backend().getClass();
    List<String> seen = new ArrayList<>();
    boolean found =
        providedBy(ServiceLoader.load(Backend.class, type.getClassLoader()), type, seen)
            || providedBy(ServiceLoader.load(Backend.class), type, seen)
            || (type.getModule().getLayer() != null
                && providedBy(
                    ServiceLoader.load(type.getModule().getLayer(), Backend.class), type, seen));
    assertTrue(
        found,
        () ->
            type.getName()
                + " is not registered as a provider of dev.weft.spi.Backend"
                + " (module-info 'provides' or META-INF/services); providers found: "
                + seen);
  }

  private static boolean providedBy(
      ServiceLoader<Backend> loader, Class<?> type, List<String> seen) {
    Iterator<ServiceLoader.Provider<Backend>> it = loader.stream().iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          return false;
        }
        Class<?> provided = it.next().type();
        seen.add(provided.getName());
        if (provided == type) {
          return true;
        }
      } catch (ServiceConfigurationError e) {
        // Another, broken provider: not this rule's business (binding reports it as WEFT-BIND-5).
        seen.add("<broken: " + e.getMessage() + ">");
      }
    }
  }

  private void independent() throws Exception {
    byte[] hello = "independent".getBytes(StandardCharsets.US_ASCII);
    // `one` is closed in the middle of the body, so it is not a resource of the try: the finally
    // closes it again (a no-op then) when the body fails before that.
    AsyncRuntime one = open();
    try (AsyncRuntime two = open();
        JdkServer server = new JdkServer()) {
      assertNotSame(one, two, "open() returned the same runtime twice");
      assertEquals("one", one.runBlocking("b6-one", ctx -> "one"));
      assertEquals("two", two.runBlocking("b6-two", ctx -> "two"));
      Listener listener = two.listen(ephemeral());
      SocketPair survivor = connectTo(two, server);
      SocketPair victim = connectTo(one, server);
      try (survivor;
          victim;
          listener) {
        one.close();
        // The closed runtime's socket is gone (its peer sees the end)...
        JdkServer.readEndOrReset(victim.peer());
        // ...and the other runtime still runs tasks, accepts and moves data.
        assertEquals("still", two.runBlocking("b6-after", ctx -> "still"));
        try (Socket late = JdkServer.connect(listener.localAddress(), event())) {
          var accepted = two.runBlocking("b6-accept", listener::accept);
          try (accepted) {
            late.getOutputStream().write(hello);
            byte[] got =
                two.runBlocking(
                    "b6-read", ctx -> BackendIo.readExactly(ctx, accepted, hello.length));
            assertEquals("independent", new String(got, StandardCharsets.US_ASCII));
          }
        }
        long written =
            two.runBlocking(
                "b6-write", ctx -> survivor.socket().write(ctx, ByteBuffer.wrap(hello)));
        assertEquals(hello.length, written);
        assertEquals(
            "independent",
            new String(
                JdkServer.readExactly(survivor.peer(), hello.length), StandardCharsets.US_ASCII));
        assertTrue(survivor.socket().isOpen(), "closing one runtime closed a socket of another");
      }
    } finally {
      one.close();
    }
  }
}
