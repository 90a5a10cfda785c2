package dev.weft.tck.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inside every module the packages form no cycle, and the TCK's packages are layered: the root
 * package (what a backend author extends) sits on the suites, the suites on {@code
 * dev.weft.tck.suite}, and nothing points back up. The server's own layering is in its module
 * ({@code ServerLayeringTest}), the client's in {@code ClientModuleTest}.
 */
class PackageCyclesTest {
  /** One class of each module's main code, by name: the TCK module reads none of the backends. */
  private static final List<String> ONE_CLASS_PER_MODULE =
      List.of(
          "dev.weft.spi.Backend",
          "dev.weft.backend.kit.ExclusiveUse",
          "dev.weft.backend.nettykit.AllocatorWarmUp",
          "dev.weft.backend.loom.LoomBackend",
          "dev.weft.backend.netty.NettyBackend",
          "dev.weft.backend.vertx.VertxBackend",
          "dev.weft.wire.Decimal",
          "dev.weft.testing.NatsServerProcess",
          "dev.weft.server.WeftServer",
          "dev.weft.client.AuthorizationException",
          "dev.weft.tck.WeftTck");

  private static JavaClasses weft;

  @BeforeAll
  static void importEveryModule() throws ClassNotFoundException {
    List<Location> locations = new ArrayList<>();
    for (String name : ONE_CLASS_PER_MODULE) {
      locations.add(location(Class.forName(name)));
    }
    // By location, not by package scan: on the module path the packages are not class path
    // resources.
    weft =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importLocations(locations);
  }

  @Test
  void importSeesEveryModule() {
    String missing =
        ONE_CLASS_PER_MODULE.stream()
            .filter(name -> !weft.contain(name))
            .collect(Collectors.joining(", "));
    assertTrue(missing.isEmpty(), () -> "not imported: " + missing);
  }

  @Test
  void noModuleHasPackageCycles() {
    // "(**)" makes each package its own slice, dev.weft.tck as much as dev.weft.tck.spi.
    slices()
        .matching("dev.weft.(**)")
        .should()
        .beFreeOfCycles()
        .because("a package cycle makes two packages one unit that can only change together")
        .check(weft);
  }

  @Test
  void theTckSuitesNeverReachBackToTheKitsPublicFace() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.tck.*..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.weft.tck")
        .because("dev.weft.tck is the entry point a backend's test extends, above every suite")
        .check(weft);
  }

  @Test
  void theRuleBuildingTypesKnowNoSuite() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.tck.suite..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.weft.tck.spi..",
            "dev.weft.tck.server..",
            "dev.weft.tck.client..",
            "dev.weft.tck.interop..")
        .because("every suite builds its tests from dev.weft.tck.suite")
        .check(weft);
  }

  /** A classes directory or a jar (from the local repository when tck is built alone). */
  private static Location location(Class<?> type) {
    Path path;
    try {
      path = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (Files.isDirectory(path)) {
      return Location.of(path);
    }
    try (JarFile jar = new JarFile(path.toFile())) {
      return Location.of(jar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
