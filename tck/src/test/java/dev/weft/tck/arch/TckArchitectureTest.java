package dev.weft.tck.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import dev.weft.spi.Backend;
import dev.weft.tck.WeftTck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kit and the SPI judge a backend only through the SPI: a class of theirs that reached into a
 * backend (or into Netty or Vert.x) would tie the verdict to one implementation, and break a
 * third-party backend's build that does not ship it.
 */
class TckArchitectureTest {
  private static JavaClasses kitAndSpi;

  @BeforeAll
  static void importMainClasses() {
    // By location, not by package scan: on the module path the packages are not class path
    // resources.
    kitAndSpi =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importLocations(Set.of(location(WeftTck.class), location(Backend.class)));
  }

  /**
   * A classes directory or a jar (the SPI comes from the local repository when tck is built alone).
   */
  private static Location location(Class<?> type) {
    Path path = locationOf(type);
    if (Files.isDirectory(path)) {
      return Location.of(path);
    }
    try (JarFile jar = new JarFile(path.toFile())) {
      return Location.of(jar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void importSeesTheKitAndTheSpi() {
    assertTrue(
        kitAndSpi.contain(WeftTck.class.getName()),
        () ->
            "the tck main classes were not imported from "
                + locationOf(WeftTck.class)
                + " ("
                + kitAndSpi.size()
                + " classes)");
    assertTrue(
        kitAndSpi.contain(Backend.class.getName()),
        () -> "the async-spi classes were not imported from " + locationOf(Backend.class));
    assertTrue(
        kitAndSpi.stream().noneMatch(c -> c.getSimpleName().endsWith("TckTest")),
        "test classes were imported: the rule must judge main classes only");
  }

  private static ArchRule kitAndSpiAvoid(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage("dev.weft.tck..", "dev.weft.spi..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages)
        .because("the kit reaches backends only through the SPI and ServiceLoader");
  }

  @Test
  void kitAndSpiNeverDependOnABackendNettyOrVertx() {
    kitAndSpiAvoid("dev.weft.backend..", "io.netty..", "io.vertx..").check(kitAndSpi);
  }

  /** The same rule, aimed at a dependency the kit really has, must object: it is not vacuous. */
  @Test
  void theRuleCatchesARealDependency() {
    assertThrows(
        AssertionError.class, () -> kitAndSpiAvoid("org.junit.jupiter.api..").check(kitAndSpi));
  }
}
