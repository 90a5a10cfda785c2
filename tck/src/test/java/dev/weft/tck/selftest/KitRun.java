package dev.weft.tck.selftest;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.weft.spi.Backend;
import dev.weft.tck.suite.Rule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * One run of the whole kit on one backend, through the JUnit Platform Launcher, limited to the
 * rules selected with {@code -Dweft.tck.rules}; records which rule tests passed, failed or were
 * skipped, by display name.
 */
final class KitRun {
  /** A rule test that ran to an end other than success, with why. */
  record Failure(String displayName, Throwable cause) {
    String ruleId() {
      return Rule.idOf(displayName);
    }

    @Override
    public String toString() {
      StringWriter trace = new StringWriter();
      if (cause != null) {
        cause.printStackTrace(new PrintWriter(trace));
      }
      String text = trace.toString();
      return displayName
          + "\n    "
          + (text.length() > 1500 ? text.substring(0, 1500) + "..." : text);
    }
  }

  private final List<String> passed = Collections.synchronizedList(new ArrayList<>());
  private final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
  private final List<Failure> failed = Collections.synchronizedList(new ArrayList<>());
  private final String backendName;
  private final String rules;

  private KitRun(String backendName, String rules) {
    this.backendName = backendName;
    this.rules = rules;
  }

  /**
   * Runs the kit on {@code backend} with {@code -Dweft.tck.rules=rules}, then releases whatever the
   * run left open and restores the property.
   */
  static KitRun of(Backend backend, String rules) {
    KitRun run = new KitRun(backend.name(), rules);
    String previous = System.getProperty(Rule.RULES_PROPERTY);
    System.setProperty(Rule.RULES_PROPERTY, rules);
    SelectedBackendKit.UNDER_TEST.set(backend);
    try {
      LauncherDiscoveryRequest request =
          LauncherDiscoveryRequestBuilder.request()
              .selectors(selectClass(SelectedBackendKit.class))
              .build();
      LauncherFactory.create().execute(request, run.listener());
    } finally {
      SelectedBackendKit.UNDER_TEST.set(null);
      if (previous == null) {
        System.clearProperty(Rule.RULES_PROPERTY);
      } else {
        System.setProperty(Rule.RULES_PROPERTY, previous);
      }
      if (backend instanceof ForwardingBackend forwarding) {
        forwarding.release();
      }
    }
    return run;
  }

  private TestExecutionListener listener() {
    return new TestExecutionListener() {
      @Override
      public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
          skipped.add(id.getDisplayName());
        }
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        switch (result.getStatus()) {
          case SUCCESSFUL -> {
            if (id.isTest()) {
              passed.add(id.getDisplayName());
            }
          }
          case ABORTED -> {
            if (id.isTest()) {
              skipped.add(id.getDisplayName());
            }
          }
          // A failed container (a suite that could not even build its tests) counts too.
          case FAILED ->
              failed.add(new Failure(id.getDisplayName(), result.getThrowable().orElse(null)));
        }
      }
    };
  }

  List<String> passed() {
    return List.copyOf(passed);
  }

  List<Failure> failed() {
    return List.copyOf(failed);
  }

  List<String> skipped() {
    return List.copyOf(skipped);
  }

  /** Rule tests that passed with an ID among {@code ids}. */
  long passedAmong(List<String> ids) {
    return passed().stream().filter(n -> ids.contains(Rule.idOf(n))).count();
  }

  String summary() {
    return "kit on '"
        + backendName
        + "' with -D"
        + Rule.RULES_PROPERTY
        + "="
        + rules
        + ": "
        + passed.size()
        + " passed, "
        + failed.size()
        + " failed, "
        + skipped.size()
        + " skipped"
        + "\n  passed: "
        + passed()
        + "\n  failed: "
        + failed().stream().map(Failure::toString).collect(Collectors.joining("\n  "));
  }
}
