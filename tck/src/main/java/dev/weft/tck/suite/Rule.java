package dev.weft.tck.suite;

import dev.weft.spi.Capability;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * Builds the named test of one rule. The display name always starts with the rule ID and its level,
 * e.g. {@code "WAIT-3 [required] a zero timeout polls"}, so a report or a self-test can tell which
 * rule a backend broke.
 *
 * <p>Rule selection: {@code -D}{@value #RULES_PROPERTY}{@code =ID[,ID...]} runs only the matching
 * rules. A selector matches a rule ID when it equals it, when it ends with {@code -} or {@code *}
 * and the ID starts with the rest ({@code CANCEL-}, {@code CAP-*}), or when it names an area
 * ({@code CANCEL} matches {@code CANCEL-1} but {@code WAIT-1} never matches {@code WAIT-10}).
 * Matching ignores case. The property is read every time a test is built, so a self-test may set it
 * just before it launches the kit. A rule that is not selected is still built as a test, which
 * aborts (shows as skipped) with the reason without running its body; suites that want it gone
 * altogether pass their nodes through {@link #selected(Stream)}.
 */
public final class Rule {
  /** System property that selects rules by ID; absent or blank selects every rule. */
  public static final String RULES_PROPERTY = "weft.tck.rules";

  private Rule() {}

  /** A rule every backend must pass, run with the ordinary per-rule time limit. */
  public static DynamicTest required(TckTarget target, String id, String title, Executable body) {
    return build(
        id, id + " [required] " + title, () -> runLimited(id, target.timeouts().rule(), body));
  }

  /** A required stress rule, with the longer stress time limit. */
  public static DynamicTest stress(TckTarget target, String id, String title, Executable body) {
    return build(
        id, id + " [required] " + title, () -> runLimited(id, target.timeouts().stress(), body));
  }

  /**
   * A rule tied to a capability: skipped, with the reason, unless the backend declares it; binding
   * once declared.
   */
  public static DynamicTest optional(
      TckTarget target, String id, Capability capability, String title, Executable body) {
    return build(
        id,
        id + " [" + capability + "] " + title,
        () -> {
          Set<Capability> declared = target.backend().capabilities();
          Assumptions.assumeTrue(
              declared.contains(capability),
              () ->
                  "backend '"
                      + target.backend().name()
                      + "' does not declare capability "
                      + capability);
          runLimited(id, target.timeouts().rule(), body);
        });
  }

  private static DynamicTest build(String id, String displayName, Executable limited) {
    Objects.requireNonNull(id, "id");
    if (!isSelected(id)) {
      String selection = System.getProperty(RULES_PROPERTY);
      return DynamicTest.dynamicTest(
          displayName,
          () ->
              Assumptions.abort(
                  "rule " + id + " not selected by -D" + RULES_PROPERTY + "=" + selection));
    }
    return DynamicTest.dynamicTest(displayName, limited);
  }

  /**
   * True when {@code id} is selected by {@value #RULES_PROPERTY} (always, when the property is
   * unset).
   */
  public static boolean isSelected(String id) {
    List<String> selectors = selectors();
    if (selectors.isEmpty()) {
      return true;
    }
    String rule = id.trim().toUpperCase(Locale.ROOT);
    for (String s : selectors) {
      if (matches(s, rule)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String selector, String rule) {
    if (selector.endsWith("*")) {
      return rule.startsWith(selector.substring(0, selector.length() - 1));
    }
    if (selector.endsWith("-")) {
      return rule.startsWith(selector);
    }
    return rule.equals(selector) || rule.startsWith(selector + "-");
  }

  private static List<String> selectors() {
    String value = System.getProperty(RULES_PROPERTY);
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split("[,\\s]+"))
        .map(s -> s.trim().toUpperCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /**
   * The rule ID a display name starts with (the text before the first space), for filtering built
   * tests.
   */
  public static String idOf(String displayName) {
    int space = displayName.indexOf(' ');
    return space < 0 ? displayName : displayName.substring(0, space);
  }

  /**
   * Drops the tests whose rule is not selected, and containers left empty, so a selection shows
   * only the rules it names. Nodes are judged by the rule ID their display name starts with.
   */
  public static Stream<DynamicNode> selected(Stream<? extends DynamicNode> nodes) {
    if (selectors().isEmpty()) {
      return nodes.map(n -> n);
    }
    return nodes.flatMap(Rule::prune);
  }

  private static Stream<DynamicNode> prune(DynamicNode node) {
    if (node instanceof DynamicContainer container) {
      List<DynamicNode> kept = container.getChildren().flatMap(Rule::prune).toList();
      return kept.isEmpty()
          ? Stream.empty()
          : Stream.of(DynamicContainer.dynamicContainer(container.getDisplayName(), kept.stream()));
    }
    return isSelected(idOf(node.getDisplayName())) ? Stream.of(node) : Stream.empty();
  }

  /**
   * Runs {@code body} on its own thread and fails, with a thread dump on stderr, if it runs past
   * {@code limit}: a hung backend must fail its rule, not hang the build.
   */
  public static void runLimited(String id, Duration limit, Executable body) throws Throwable {
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              try {
                body.execute();
              } catch (Exception | Error e) {
                throw e;
              } catch (Throwable t) {
                throw new ExecutionException(t);
              }
              return null;
            });
    Thread runner = Thread.ofPlatform().name("tck-rule-" + id).daemon(true).start(task);
    try {
      task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      String dump = ThreadDump.all();
      System.err.println(
          "[weft-tck] rule " + id + " still running after " + limit + "; thread dump:\n" + dump);
      runner.interrupt();
      throw new AssertionFailedError(
          id + ": did not finish within " + limit + " (thread dump on stderr)");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ExecutionException inner && inner.getCause() != null) {
        cause = inner.getCause();
      }
      throw cause;
    }
  }
}
