package dev.weft.tck.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.tck.RuleCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule catalog has three copies: the SPI Javadoc (the contract), docs/spi.md (the page that
 * lists every rule with its test), and the tests the kit registers. This test reads all three and
 * fails, naming each missing, extra or mismatched rule and where it is listed, when they differ in
 * a rule's ID, its level, or (docs against the kit) its test's display name.
 */
class RuleCatalogConsistencyTest {
  /** Set by Surefire to the repository root ({@code ${project.basedir}/..}). */
  static final String ROOT_PROPERTY = "weft.repo.root";

  private static Path root() {
    String configured = System.getProperty(ROOT_PROPERTY);
    // Surefire runs in the module directory; an IDE run without the property usually does too.
    Path root =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of("").toAbsolutePath().getParent();
    return root.toAbsolutePath().normalize();
  }

  @Test
  void javadocDocsAndTckListTheSameRules() throws IOException {
    Path root = root();
    Path sources = root.resolve("async-spi/src/main/java");
    Path doc = root.resolve("docs/spi.md");
    assertTrue(Files.isDirectory(sources), () -> "SPI sources not found at " + sources);
    assertTrue(Files.isRegularFile(doc), () -> "docs/spi.md not found at " + doc);

    JavadocRules.Found javadoc = JavadocRules.read(root, sources);
    SpiDocRules.Found docs =
        SpiDocRules.parse(Files.readAllLines(doc), root.relativize(doc).toString());
    List<RuleListing> tck =
        RuleCatalog.spi().stream()
            .map(
                e ->
                    new RuleListing(
                        e.id(),
                        level(e.level()),
                        e.displayName(),
                        "test \"" + e.displayName() + "\""))
            .toList();

    // Guards against a parser that silently finds nothing, which would make every copy "agree".
    assertFalse(javadoc.rules().isEmpty(), "no rule found in the SPI Javadoc");
    assertFalse(docs.rules().isEmpty(), "no rule found in docs/spi.md");
    assertFalse(tck.isEmpty(), "the TCK registers no rule");
    assertEquals(List.of(), docs.malformed(), "rows of docs/spi.md that cannot be read");

    List<String> problems =
        CatalogComparison.compare(javadoc.rules(), javadoc.mentions(), docs.rules(), tck);
    assertTrue(
        problems.isEmpty(),
        () ->
            problems.size()
                + " difference(s) between the rule catalogs:\n  "
                + String.join("\n  ", problems));
  }

  /** The kit's level, {@code required} or a capability's name, in the listings' form. */
  static String level(String tckLevel) {
    return tckLevel.equals(RuleListing.REQUIRED)
        ? RuleListing.REQUIRED
        : RuleListing.capability(tckLevel);
  }
}
