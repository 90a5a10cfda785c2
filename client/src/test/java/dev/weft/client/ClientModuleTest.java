package dev.weft.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The client module exports only its API, its wire-format package stays below the API, and the
 * CLI's {@code --version} says the version the client sends in CONNECT.
 */
class ClientModuleTest {
  private static final Path CLASSES = classesDirectory();

  private static Path classesDirectory() {
    try {
      return Path.of(Connection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void exportsOnlyTheApiAndTheCommandLine() throws Exception {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertEquals("dev.weft.client", d.name());
    assertEquals(
        Set.of("dev.weft.client", "dev.weft.client.cli"),
        d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
  }

  @Test
  void theWireFormatDependsOnlyOnTheJdkAndTheSharedWirePrimitives() {
    JavaClasses client = new ClassFileImporter().importPath(CLASSES);
    noClasses()
        .that()
        .resideInAPackage("dev.weft.client.protocol..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("dev.weft.client.protocol..", "dev.weft.wire..", "java..")
        .check(client);
  }

  @Test
  void theApiDoesNotDependOnTheCommandLine() {
    JavaClasses client = new ClassFileImporter().importPath(CLASSES);
    noClasses()
        .that()
        .resideInAnyPackage("dev.weft.client", "dev.weft.client.protocol..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.weft.client.cli..")
        .check(client);
  }

  @Test
  void theCommandLineReportsTheVersionSentInConnect() throws Exception {
    java.lang.reflect.Field f =
        Class.forName("dev.weft.client.cli.CliMain").getDeclaredField("VERSION");
    f.setAccessible(true);
    assertEquals(Handshake.VERSION, f.get(null));
  }
}
