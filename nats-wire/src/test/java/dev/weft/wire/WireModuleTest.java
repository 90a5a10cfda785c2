package dev.weft.wire;

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

/** The wire module stands on the JDK alone and exports one package, so both sides can take it. */
class WireModuleTest {
  private static final Path CLASSES = classesDirectory();

  private static Path classesDirectory() {
    try {
      return Path.of(Decimal.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void dependsOnNothingButTheJdk() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.wire..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("dev.weft.wire..", "java..")
        .check(new ClassFileImporter().importPath(CLASSES));
  }

  @Test
  void moduleExportsOnlyTheWirePackageAndRequiresOnlyJavaBase() throws Exception {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertEquals("dev.weft.wire", d.name());
    assertEquals(
        Set.of("dev.weft.wire"),
        d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    assertEquals(
        Set.of("java.base"),
        d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    assertTrue(Files.exists(CLASSES.resolve("dev/weft/wire/package-info.class")));
  }
}
