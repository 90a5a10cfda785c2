package dev.weft.tck;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Capability;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.SpiVersion;
import dev.weft.tck.spi.SpiSuite;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import dev.weft.tck.suite.TckTimeouts;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;

/**
 * The rules the kit registers, as their tests are named, without running any of them: what a report
 * of the SPI suite lists, for tools and checks that compare the kit with the SPI Javadoc and its
 * documentation. The list is read from the very tests {@link WeftTck} runs, whatever {@value
 * Rule#RULES_PROPERTY} selects.
 */
public final class RuleCatalog {
  private static final Pattern DISPLAY_NAME = Pattern.compile("(\\S+) \\[([^\\]]+)\\] (.+)");

  private RuleCatalog() {}

  /**
   * One registered rule.
   *
   * @param id the rule ID, e.g. {@code WAIT-3}
   * @param level {@code required}, or the name of the {@link Capability} the rule is tied to
   * @param displayName the test's display name, e.g. {@code "WAIT-3 [required] a zero timeout polls
   *     and never suspends"}
   */
  public record Entry(String id, String level, String displayName) {}

  /** Every rule of the SPI suite ({@code dev.weft.tck.spi}), in report order. */
  public static List<Entry> spi() {
    TckTarget inert =
        new TckTarget(
            new CatalogBackend(), RuntimeOptions.defaults(), List.of(), new TckTimeouts(1));
    return SpiSuite.allTests(inert).flatMap(RuleCatalog::leaves).map(RuleCatalog::entry).toList();
  }

  /**
   * Reads an entry back from a display name of the form {@code "ID [level] title"}.
   *
   * @throws IllegalArgumentException when the name does not have that form
   */
  public static Entry entry(String displayName) {
    Matcher m = DISPLAY_NAME.matcher(displayName);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a rule's display name (\"ID [level] title\"): " + displayName);
    }
    return new Entry(m.group(1), m.group(2), displayName);
  }

  private static Stream<String> leaves(DynamicNode node) {
    if (node instanceof DynamicContainer container) {
      return container.getChildren().flatMap(RuleCatalog::leaves);
    }
    return Stream.of(node.getDisplayName());
  }

  /**
   * Stands in for a backend while tests are only built: building never touches the backend, and a
   * test that ran anyway would fail at once on {@link #open}.
   */
  private static final class CatalogBackend implements Backend {
    @Override
    public String name() {
      return "rule-catalog";
    }

    @Override
    public String version() {
      return "0";
    }

    @Override
    public int spiVersion() {
      return SpiVersion.CURRENT;
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of();
    }

    @Override
    public AsyncRuntime open(RuntimeOptions options) {
      throw new UnsupportedOperationException("the rule catalog builds tests, it never runs them");
    }
  }
}
