package dev.weft.spi;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Chooses the backend. With the system property {@value #PROPERTY} set, the backend of that name is
 * used; otherwise exactly one backend must be present. Anything else throws a {@link
 * BackendBindingException} that lists what was found, with jars.
 */
public final class Backends {
  /** System property that picks a backend by name. */
  public static final String PROPERTY = "weft.backend";

  private Backends() {}

  /** Binds with the property {@value #PROPERTY} and this class's class loader. */
  public static Backend bind() {
    return bind(System.getProperty(PROPERTY), Backends.class.getClassLoader());
  }

  /**
   * Binds as described in the class comment.
   *
   * @param requestedName the name to pick, or null/blank to require exactly one backend
   * @param loader where to look for providers
   */
  public static Backend bind(String requestedName, ClassLoader loader) {
    List<Backend> found = available(loader);
    Backend chosen;
    if (requestedName != null && !requestedName.isBlank()) {
      String want = requestedName.trim();
      chosen =
          found.stream()
              .filter(b -> b.name().equals(want))
              .findFirst()
              .orElseThrow(
                  () ->
                      new BackendBindingException(
                          BackendBindingException.Code.UNKNOWN_NAME,
                          "-D"
                              + PROPERTY
                              + "="
                              + want
                              + " names no backend present. Found: "
                              + describe(found)
                              + ". Put backend-"
                              + want
                              + " on the class path or pick one of those found."));
    } else if (found.isEmpty()) {
      throw new BackendBindingException(
          BackendBindingException.Code.NO_BACKEND,
          "no Weft backend found on the class path or module path. Add exactly one of "
              + "dev.weft:backend-loom, dev.weft:backend-netty or dev.weft:backend-vertx "
              + "(or a third-party backend that registers dev.weft.spi.Backend).");
    } else if (found.size() > 1) {
      throw new BackendBindingException(
          BackendBindingException.Code.SEVERAL_BACKENDS,
          found.size()
              + " Weft backends found: "
              + describe(found)
              + ". Keep exactly one on the "
              + "class path, or choose one with -D"
              + PROPERTY
              + "=NAME.");
    } else {
      chosen = found.get(0);
    }
    if (chosen.spiVersion() != SpiVersion.CURRENT) {
      throw new BackendBindingException(
          BackendBindingException.Code.SPI_VERSION_MISMATCH,
          "backend '"
              + chosen.name()
              + "' ("
              + origin(chosen.getClass())
              + ") was built for SPI version "
              + chosen.spiVersion()
              + " but this SPI is version "
              + SpiVersion.CURRENT
              + ". Use a backend release built for SPI "
              + SpiVersion.CURRENT
              + ".");
    }
    return chosen;
  }

  /** Finds a present backend by name, without the one-backend rule; null-safe on the name. */
  public static Backend named(String name) {
    return bind(name == null ? "" : name, Backends.class.getClassLoader());
  }

  /**
   * Every backend registered with {@link ServiceLoader} on {@code loader}, sorted by name.
   *
   * @throws BackendBindingException with {@code PROVIDER_FAILED} if a registered provider is broken
   */
  public static List<Backend> available(ClassLoader loader) {
    List<Backend> found = new ArrayList<>();
    try {
      for (Backend b : ServiceLoader.load(Backend.class, loader)) {
        found.add(b);
      }
    } catch (ServiceConfigurationError e) {
      throw new BackendBindingException(
          BackendBindingException.Code.PROVIDER_FAILED,
          "a registered Weft backend could not be loaded: " + e.getMessage(),
          e);
    }
    found.sort(Comparator.comparing(Backend::name));
    return found;
  }

  private static String describe(List<Backend> found) {
    if (found.isEmpty()) {
      return "none";
    }
    return found.stream()
        .map(b -> "'" + b.name() + "' " + b.version() + " from " + origin(b.getClass()))
        .collect(Collectors.joining(", "));
  }

  private static String origin(Class<?> type) {
    CodeSource source =
        type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    return location == null ? type.getName() : location.toString();
  }
}
