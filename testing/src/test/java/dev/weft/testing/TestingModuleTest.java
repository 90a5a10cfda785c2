package dev.weft.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The fixtures stand on the JDK alone, so any module's tests (and the TCK) can take them. */
class TestingModuleTest {
  private static final Path CLASSES = classesDirectory();

  private static Path classesDirectory() {
    try {
      return Path.of(
          NatsServerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void dependsOnNothingButTheJdk() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.testing..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("dev.weft.testing..", "java..")
        .check(new ClassFileImporter().importPath(CLASSES));
  }

  @Test
  void moduleExportsOnlyItsPackageAndRequiresOnlyJavaBase() throws Exception {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertEquals("dev.weft.testing", d.name());
    assertEquals(
        Set.of("dev.weft.testing"),
        d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    assertEquals(
        Set.of("java.base"),
        d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    assertTrue(Files.exists(CLASSES.resolve("dev/weft/testing/package-info.class")));
  }
}
