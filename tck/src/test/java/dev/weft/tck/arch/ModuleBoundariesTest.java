package dev.weft.tck.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server and the client stand on the SPI alone, and the backends stay apart. The TCK's test
 * class path is the one place where every module's classes are present together.
 */
class ModuleBoundariesTest {
  private static JavaClasses weft;

  @BeforeAll
  static void importMainClasses() {
    weft =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.weft");
  }

  @Test
  void serverUsesNoBackendNorRuntimeLibrary() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.weft.backend..", "io.netty..", "io.vertx..")
        .because("the server jar is shared by every backend")
        .check(weft);
  }

  @Test
  void clientUsesNoBackendNorRuntimeLibrary() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.client..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.weft.backend..", "io.netty..", "io.vertx..")
        .because("the client runs on whichever backend is bound")
        .check(weft);
  }

  @Test
  void wireUsesOnlyTheJdk() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.wire..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.weft.spi..",
            "dev.weft.server..",
            "dev.weft.client..",
            "dev.weft.backend..",
            "io.netty..",
            "io.vertx..")
        .because("server and client share nats-wire, so it stands below both and below the SPI")
        .check(weft);
  }

  @Test
  void backendsDoNotDependOnEachOther() {
    // The kits are shared by backends, not backends themselves: their own rules are below.
    slices()
        .matching("dev.weft.backend.(*)..")
        .should()
        .notDependOnEachOther()
        .ignoreDependency(
            DescribedPredicate.alwaysTrue(),
            JavaClass.Predicates.resideInAnyPackage(
                "dev.weft.backend.kit..", "dev.weft.backend.nettykit.."))
        .check(weft);
  }

  @Test
  void backendKitStandsOnTheSpiAndTheJdkAlone() {
    classes()
        .that()
        .resideInAPackage("dev.weft.backend.kit..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.weft.backend.kit..", "dev.weft.spi..", "java..")
        .because("the backend kit is what the backends share, so it may pull in none of them")
        .check(weft);
  }

  @Test
  void onlyBackendsUseTheBackendKit() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.weft.server..",
            "dev.weft.client..",
            "dev.weft.tck..",
            "dev.weft.spi..",
            "dev.weft.bench..",
            "dev.weft.backend.nettykit..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.weft.backend.kit..")
        .because("the backend kit is shared machinery of the backends, not an API")
        .check(weft);
  }

  @Test
  void loomBackendUsesOnlyTheJdk() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.backend.loom..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "io.vertx..")
        .check(weft);
  }

  @Test
  void nettyBackendDoesNotUseVertx() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.backend.netty..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx..")
        .check(weft);
  }

  @Test
  void nettyKitBelongsToNoBackend() {
    // Shared by the Netty and Vert.x backends so neither copies it; it must not pull either in.
    noClasses()
        .that()
        .resideInAPackage("dev.weft.backend.nettykit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.weft.backend.loom..",
            "dev.weft.backend.netty..",
            "dev.weft.backend.vertx..",
            "dev.weft.backend.kit..",
            "dev.weft.spi..",
            "io.vertx..")
        .check(weft);
  }

  @Test
  void onlyTheNettyBasedBackendsUseTheNettyKit() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.weft.server..",
            "dev.weft.client..",
            "dev.weft.tck..",
            "dev.weft.spi..",
            "dev.weft.bench..",
            "dev.weft.backend.kit..",
            "dev.weft.backend.loom..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.weft.backend.nettykit..")
        .check(weft);
  }

  @Test
  void onlyTheKitsMainCodeUsesTheTestFixtures() {
    // Elsewhere the fixtures are a test-scope dependency; in production code they would start
    // processes and throw AssertionErrors.
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.weft.server..",
            "dev.weft.client..",
            "dev.weft.spi..",
            "dev.weft.bench..",
            "dev.weft.backend..",
            "dev.weft.wire..",
            "dev.weft.launcher..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.weft.testing..")
        .because("dev.weft:testing holds test fixtures; only the TCK's main code is tests")
        .check(weft);
  }
}
