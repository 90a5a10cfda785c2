package dev.weft.tck.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.tck.RuleCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The consistency check must be able to fail: deliberately mismatched catalogs, written here in the
 * form of each copy, must each produce the one difference they contain, named with its place.
 */
class CatalogComparisonTest {
  private static final String SPI_SOURCE =
      """
      /**
       * Rules:
       *
       * <ul>
       *   <li><b>WAIT-1</b> a wait returns when ready.
       *   <li><b>WAIT-2</b> readiness is level-triggered; see WAIT-1 and WAIT-9.
       * </ul>
       */
      interface Context {}

      enum Capability {
        /** CAP-IPV6: sockets work on [::1]. */
        IPV6
      }
      """;

  private static final List<String> DOC =
      List.of(
          "## Rules",
          "| ID | Level | Rule | TCK test |",
          "|---|---|---|---|",
          "| WAIT-1 | required | A wait returns. | `WAIT-1 [required] a wait returns` |",
          "| WAIT-2 | capability `IPV6` | Level-triggered. | `WAIT-2 [required] level` |",
          "| CAP-IPV6 | capability `IPV6` | [::1]. | `CAP-IPV6 [IPV6] works on [::1]` |",
          "| WAIT-3 | required | Not in the Javadoc. | `WAIT-3 [required] polls` |",
          "## Binding error codes",
          "| WEFT-BIND-1 | `NO_BACKEND` | not a rule | fix |");

  private static final JavadocRules.Found JAVADOC = JavadocRules.parse(SPI_SOURCE, "Context.java");
  private static final SpiDocRules.Found DOCS = SpiDocRules.parse(DOC, "spi.md");

  private static List<RuleListing> tck(String... displayNames) {
    return List.of(displayNames).stream()
        .map(RuleCatalog::entry)
        .map(
            e ->
                new RuleListing(
                    e.id(),
                    RuleCatalogConsistencyTest.level(e.level()),
                    e.displayName(),
                    "test \"" + e.displayName() + "\""))
        .toList();
  }

  @Test
  void parsersReadEachCopy() {
    assertEquals(
        List.of(
            new RuleListing("WAIT-1", "required", null, "Context.java:5"),
            new RuleListing("WAIT-2", "required", null, "Context.java:6"),
            new RuleListing("CAP-IPV6", "capability IPV6", null, "Context.java:12")),
        JAVADOC.rules());
    assertEquals(
        List.of("WAIT-1", "WAIT-2", "WAIT-1", "WAIT-9", "CAP-IPV6"),
        JAVADOC.mentions().stream().map(RuleListing::id).toList());
    assertEquals(
        List.of(
            new RuleListing("WAIT-1", "required", "WAIT-1 [required] a wait returns", "spi.md:4"),
            new RuleListing("WAIT-2", "capability IPV6", "WAIT-2 [required] level", "spi.md:5"),
            new RuleListing(
                "CAP-IPV6", "capability IPV6", "CAP-IPV6 [IPV6] works on [::1]", "spi.md:6"),
            new RuleListing("WAIT-3", "required", "WAIT-3 [required] polls", "spi.md:7")),
        DOCS.rules());
    assertEquals(List.of(), DOCS.malformed());
  }

  @Test
  void everyMismatchIsNamedWithItsPlace() {
    List<String> problems =
        CatalogComparison.compare(
            JAVADOC.rules(),
            JAVADOC.mentions(),
            DOCS.rules(),
            tck(
                "WAIT-1 [required] a wait returns",
                "WAIT-2 [required] level-triggered",
                "CAP-IPV6 [NATIVE_TRANSPORT] works on [::1]",
                "WAIT-3 [required] polls",
                "SIG-1 [required] only the kit has it",
                "SIG-1 [required] twice"));
    assertEquals(
        List.of(
            "SIG-1: registered by 2 tests in the TCK (test \"SIG-1 [required] only the kit has it\", test \"SIG-1 [required] twice\")",
            "WAIT-2: levels differ: the SPI Javadoc says required (Context.java:6), docs/spi.md says capability IPV6 (spi.md:5), the TCK says required (test \"WAIT-2 [required] level-triggered\")",
            "WAIT-2: docs/spi.md (spi.md:5) names the test `WAIT-2 [required] level`, the TCK registers `WAIT-2 [required] level-triggered`",
            "CAP-IPV6: levels differ: the SPI Javadoc says capability IPV6 (Context.java:12), docs/spi.md says capability IPV6 (spi.md:6), the TCK says capability NATIVE_TRANSPORT (test \"CAP-IPV6 [NATIVE_TRANSPORT] works on [::1]\")",
            "CAP-IPV6: docs/spi.md (spi.md:6) names the test `CAP-IPV6 [IPV6] works on [::1]`, the TCK registers `CAP-IPV6 [NATIVE_TRANSPORT] works on [::1]`",
            "WAIT-3: missing from the SPI Javadoc (listed in docs/spi.md as required at spi.md:7; the TCK as required at test \"WAIT-3 [required] polls\")",
            "SIG-1: missing from the SPI Javadoc (listed in the TCK as required at test \"SIG-1 [required] only the kit has it\")",
            "SIG-1: missing from docs/spi.md (listed in the TCK as required at test \"SIG-1 [required] only the kit has it\")",
            "WAIT-9: mentioned at Context.java:6, but the SPI Javadoc states no such rule"),
        problems);
  }

  @Test
  void agreeingCatalogsHaveNoDifference() {
    List<RuleListing> docs =
        SpiDocRules.parse(
                List.of(
                    "## Rules",
                    "| WAIT-1 | required | A wait returns. | `WAIT-1 [required] a wait returns` |",
                    "| WAIT-1 | required | Again, in another table. | `WAIT-1 [required] a wait returns` (container \"Waits\") |"),
                "spi.md")
            .rules();
    List<RuleListing> javadoc =
        List.of(new RuleListing("WAIT-1", "required", null, "Context.java:5"));
    assertEquals(
        List.of(),
        CatalogComparison.compare(javadoc, javadoc, docs, tck("WAIT-1 [required] a wait returns")));
  }

  @Test
  void aRuleOnlyTheJavadocStatesIsMissingFromTheOthers() {
    List<RuleListing> javadoc =
        List.of(new RuleListing("WAIT-1", "required", null, "Context.java:5"));
    assertEquals(
        List.of(
            "WAIT-1: missing from docs/spi.md (listed in the SPI Javadoc as required at Context.java:5)",
            "WAIT-1: missing from the TCK (listed in the SPI Javadoc as required at Context.java:5)"),
        CatalogComparison.compare(javadoc, javadoc, List.of(), List.of()));
  }

  @Test
  void aDocRowThatCannotBeReadIsReported() {
    SpiDocRules.Found found =
        SpiDocRules.parse(
            List.of("## Rules", "| WAIT-1 | mandatory | A wait returns. | `WAIT-1 [required] x` |"),
            "spi.md");
    assertEquals(List.of(), found.rules());
    assertEquals(1, found.malformed().size(), () -> "malformed: " + found.malformed());
  }

  @Test
  void aDisplayNameWithoutALevelIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> RuleCatalog.entry("WAIT-1 no level here"));
  }
}
