package dev.weft.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding rules BIND-1..5: which backend is chosen, and the errors when none can be. */
class BackendsTest {
  @TempDir Path dir;

  /** A class loader whose only Backend registrations are the given classes. */
  private ClassLoader registering(Class<?>... backends) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    StringBuilder sb = new StringBuilder();
    for (Class<?> c : backends) {
      sb.append(c.getName()).append('\n');
    }
    Files.writeString(services.resolve(Backend.class.getName()), sb.toString());
    // The parent is the platform loader, so registrations on the test class path are not seen;
    // the backend classes themselves are found through the test class loader below.
    ClassLoader test = BackendsTest.class.getClassLoader();
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, test) {
      @Override
      public java.util.Enumeration<URL> getResources(String name) throws IOException {
        return name.startsWith("META-INF/services/")
            ? findResources(name)
            : super.getResources(name);
      }
    };
  }

  @Test
  void noBackendNamesTheModulesToAdd() throws IOException {
    BackendBindingException e =
        assertThrows(BackendBindingException.class, () -> Backends.bind(null, registering()));
    assertEquals(BackendBindingException.Code.NO_BACKEND, e.code());
    assertTrue(e.getMessage().startsWith("WEFT-BIND-1: "), e.getMessage());
    assertTrue(
        e.getMessage().contains("backend-loom")
            && e.getMessage().contains("backend-netty")
            && e.getMessage().contains("backend-vertx"),
        e.getMessage());
  }

  @Test
  void exactlyOneBackendIsChosenWithoutAName() throws IOException {
    Backend b = Backends.bind("", registering(Alpha.class));
    assertEquals("alpha", b.name());
  }

  @Test
  void severalBackendsAreListedWithTheirJarsAndTheFix() throws IOException {
    BackendBindingException e =
        assertThrows(
            BackendBindingException.class,
            () -> Backends.bind(null, registering(Alpha.class, Beta.class)));
    assertEquals(BackendBindingException.Code.SEVERAL_BACKENDS, e.code());
    String m = e.getMessage();
    assertTrue(m.contains("'alpha'") && m.contains("'beta'"), m);
    assertTrue(m.contains("file:"), "names where each backend came from: " + m);
    assertTrue(m.contains("-Dweft.backend=NAME"), m);
  }

  @Test
  void theNamePicksAmongSeveral() throws IOException {
    assertEquals("beta", Backends.bind("beta", registering(Alpha.class, Beta.class)).name());
  }

  @Test
  void anUnknownNameListsWhatWasFound() throws IOException {
    BackendBindingException e =
        assertThrows(
            BackendBindingException.class,
            () -> Backends.bind("gamma", registering(Alpha.class, Beta.class)));
    assertEquals(BackendBindingException.Code.UNKNOWN_NAME, e.code());
    assertTrue(
        e.getMessage().contains("gamma") && e.getMessage().contains("'alpha'"), e.getMessage());
  }

  @Test
  void aBackendBuiltForAnotherSpiIsRefused() throws IOException {
    BackendBindingException e =
        assertThrows(
            BackendBindingException.class, () -> Backends.bind(null, registering(Stale.class)));
    assertEquals(BackendBindingException.Code.SPI_VERSION_MISMATCH, e.code());
    assertTrue(e.getMessage().contains("SPI version " + (SpiVersion.CURRENT + 1)), e.getMessage());
  }

  @Test
  void aBrokenRegistrationIsReportedNotSkipped() throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(Backend.class.getName()), "no.such.Backend\n");
    ClassLoader cl = registering();
    Files.writeString(services.resolve(Backend.class.getName()), "no.such.Backend\n");
    BackendBindingException e =
        assertThrows(BackendBindingException.class, () -> Backends.bind(null, cl));
    assertEquals(BackendBindingException.Code.PROVIDER_FAILED, e.code());
  }

  @Test
  void availableIsSortedByName() throws IOException {
    List<Backend> found = Backends.available(registering(Beta.class, Alpha.class));
    assertEquals(List.of("alpha", "beta"), found.stream().map(Backend::name).toList());
    assertSame(Alpha.class, found.get(0).getClass());
  }

  /** A minimal backend that only answers identity questions; binding never opens a runtime. */
  public abstract static class NamedBackend implements Backend {
    private final String name;
    private final int spi;

    NamedBackend(String name, int spi) {
      this.name = name;
      this.spi = spi;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String version() {
      return "test";
    }

    @Override
    public int spiVersion() {
      return spi;
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of();
    }

    @Override
    public AsyncRuntime open(RuntimeOptions options) {
      throw new UnsupportedOperationException("binding tests never open a runtime");
    }
  }

  public static final class Alpha extends NamedBackend {
    public Alpha() {
      super("alpha", SpiVersion.CURRENT);
    }
  }

  public static final class Beta extends NamedBackend {
    public Beta() {
      super("beta", SpiVersion.CURRENT);
    }
  }

  public static final class Stale extends NamedBackend {
    public Stale() {
      super("stale", SpiVersion.CURRENT + 1);
    }
  }
}
