package dev.weft.tck.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.Backend;
import dev.weft.spi.Backends;
import dev.weft.spi.RuntimeOptions;
import dev.weft.tck.interop.InteropSuite;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;

/**
 * The interop matrix is built from whatever backends ServiceLoader finds, so a third-party backend
 * joins it without any change to the kit: every other backend present, plus the JDK peer, in both
 * roles, for every PEER rule. Only the test names are built here; nothing is run.
 */
class InteropMatrixSelfTest {
  private static final List<String> RULES = List.of("PEER-1", "PEER-2", "PEER-3", "PEER-4");

  @Test
  void aNewBackendIsPairedWithEveryBackendPresentAndTheJdkPeerBothWays() {
    Backend newcomer = new ForwardingBackend("third-party", Backends.named("loom"));
    TckTarget target = TckTarget.of(newcomer, RuntimeOptions.defaults());
    Set<String> present =
        Backends.available(getClass().getClassLoader()).stream()
            .map(Backend::name)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        present,
        target.references().stream()
            .map(Backend::name)
            .collect(Collectors.toCollection(TreeSet::new)),
        "the references are every backend ServiceLoader finds");
    assertTrue(
        present.containsAll(Set.of("loom", "netty", "vertx")),
        () -> "the built-in backends are present: " + present);

    List<String> names = names(InteropSuite.tests(target).toList());
    List<String> peers = new ArrayList<>(present);
    peers.add("jdk-blocking");
    for (String peer : peers) {
      for (String id : RULES) {
        boolean asClient = id.equals("PEER-1") || id.equals("PEER-3");
        String pairing =
            asClient
                ? "third-party (client) -> " + peer + " (server)"
                : peer + " (client) -> third-party (server)";
        assertEquals(
            1,
            names.stream().filter(n -> n.startsWith(id + " [required] " + pairing + ":")).count(),
            () -> "no single '" + id + " " + pairing + "' among " + names);
      }
    }
    assertEquals(RULES.size() * peers.size(), names.size(), () -> "unexpected tests: " + names);
    assertTrue(
        names.stream().allMatch(n -> RULES.contains(Rule.idOf(n))),
        () -> "a name without its rule ID: " + names);
  }

  private static List<String> names(List<DynamicNode> nodes) {
    List<String> out = new ArrayList<>();
    for (DynamicNode n : nodes) {
      if (n instanceof DynamicContainer c) {
        out.addAll(names(c.getChildren().map(DynamicNode.class::cast).toList()));
      } else {
        out.add(n.getDisplayName());
      }
    }
    return out;
  }
}
