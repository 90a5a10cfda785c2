package dev.weft.server.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's package layering, as each package-info states it: {@code protocol} and {@code
 * routing} are lower layers that never reach up into {@code engine} (or anything above), and no
 * server packages, the API package included, form a cycle.
 */
class ServerLayeringTest {
  private static JavaClasses server;

  @BeforeAll
  static void importMainClasses() {
    server =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.weft.server");
    assertTrue(server.size() > 40, "imported the server's main classes: " + server.size());
  }

  @Test
  void protocolAndRoutingNeverDependOnTheEngine() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.weft.server.protocol..", "dev.weft.server.routing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.weft.server.engine..", "dev.weft.server.cli..", "dev.weft.server.config..")
        .because("the engine builds on protocol and routing, not the other way round")
        .check(server);
  }

  @Test
  void protocolAndRoutingStandApart() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.server.protocol..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.weft.server.routing..")
        .check(server);
    noClasses()
        .that()
        .resideInAPackage("dev.weft.server.routing..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.weft.server.protocol..")
        .check(server);
  }

  @Test
  void onlyTheApiPackageUsesTheEngine() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.weft.server.cli..", "dev.weft.server.config..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.weft.server.engine..")
        .check(server);
  }

  @Test
  void theEngineDoesNotDependOnTheApiPackage() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.server.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.weft.server")
        .because("the API package depends on the engine; EngineOptions carries its settings down")
        .check(server);
  }

  @Test
  void serverPackagesAreFreeOfCycles() {
    slices().assignedFrom(new ServerPackages()).should().beFreeOfCycles().check(server);
  }

  /** One slice per server package, the API package ({@code dev.weft.server} itself) included. */
  private static final class ServerPackages implements SliceAssignment {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      String p = c.getPackageName();
      if (p.equals("dev.weft.server")) {
        return SliceIdentifier.of("api");
      }
      if (p.startsWith("dev.weft.server.")) {
        String rest = p.substring("dev.weft.server.".length());
        int dot = rest.indexOf('.');
        return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
      }
      return SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
      return "server packages";
    }
  }
}
