package dev.weft.tck.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares the three copies of the rule catalog: the SPI Javadoc (which wins), docs/spi.md, and the
 * tests the kit registers. Every difference becomes one line that names the rule and where each
 * copy lists it, so a failure says what to fix and in which file.
 */
final class CatalogComparison {
  static final String JAVADOC = "the SPI Javadoc";
  static final String DOCS = "docs/spi.md";
  static final String TCK = "the TCK";

  private CatalogComparison() {}

  /**
   * The differences, in the order of the Javadoc's rules (then the others' extras); empty when the
   * three copies agree.
   *
   * @param javadoc the rules the SPI Javadoc states
   * @param mentions every rule ID the SPI Javadoc mentions, stated or referred to
   * @param docs the rules docs/spi.md lists (a rule may be listed in more than one table)
   * @param tck the rules the kit registers, with their tests' display names
   */
  static List<String> compare(
      List<RuleListing> javadoc,
      List<RuleListing> mentions,
      List<RuleListing> docs,
      List<RuleListing> tck) {
    List<String> problems = new ArrayList<>();
    Map<String, List<RuleListing>> byJavadoc = byId(javadoc);
    Map<String, List<RuleListing>> byDocs = byId(docs);
    Map<String, List<RuleListing>> byTck = byId(tck);

    byJavadoc.forEach(
        (id, ls) -> {
          if (ls.size() > 1) {
            problems.add(
                id + ": stated " + ls.size() + " times in " + JAVADOC + " (" + wheres(ls) + ")");
          }
        });
    byTck.forEach(
        (id, ls) -> {
          if (ls.size() > 1) {
            problems.add(
                id + ": registered by " + ls.size() + " tests in " + TCK + " (" + wheres(ls) + ")");
          }
        });
    byDocs.forEach(
        (id, ls) -> {
          Set<String> variants =
              ls.stream()
                  .map(l -> l.level() + " / `" + l.testName() + "`")
                  .collect(Collectors.toCollection(LinkedHashSet::new));
          if (variants.size() > 1) {
            problems.add(
                id
                    + ": listed differently in "
                    + DOCS
                    + ": "
                    + ls.stream()
                        .map(l -> l.where() + " has " + l.level() + " / `" + l.testName() + "`")
                        .collect(Collectors.joining("; ")));
          }
        });

    Set<String> ids = new LinkedHashSet<>(byJavadoc.keySet());
    ids.addAll(byDocs.keySet());
    ids.addAll(byTck.keySet());
    for (String id : ids) {
      Map<String, RuleListing> present = new LinkedHashMap<>();
      first(byJavadoc, id, JAVADOC, present);
      first(byDocs, id, DOCS, present);
      first(byTck, id, TCK, present);
      for (String copy : List.of(JAVADOC, DOCS, TCK)) {
        if (!present.containsKey(copy)) {
          problems.add(id + ": missing from " + copy + " (listed in " + describe(present) + ")");
        }
      }
      Set<String> levels =
          present.values().stream().map(RuleListing::level).collect(Collectors.toSet());
      if (levels.size() > 1) {
        problems.add(
            id
                + ": levels differ: "
                + present.entrySet().stream()
                    .map(
                        e ->
                            e.getKey()
                                + " says "
                                + e.getValue().level()
                                + " ("
                                + e.getValue().where()
                                + ")")
                    .collect(Collectors.joining(", ")));
      }
      RuleListing doc = present.get(DOCS);
      RuleListing test = present.get(TCK);
      if (doc != null && test != null && !Objects.equals(doc.testName(), test.testName())) {
        problems.add(
            id
                + ": "
                + DOCS
                + " ("
                + doc.where()
                + ") names the test `"
                + doc.testName()
                + "`, "
                + TCK
                + " registers `"
                + test.testName()
                + "`");
      }
    }

    Set<String> areas =
        byJavadoc.keySet().stream().map(CatalogComparison::area).collect(Collectors.toSet());
    for (RuleListing m : mentions) {
      if (areas.contains(area(m.id())) && !byJavadoc.containsKey(m.id())) {
        problems.add(
            m.id() + ": mentioned at " + m.where() + ", but " + JAVADOC + " states no such rule");
      }
    }
    return problems;
  }

  /** The area of a rule ID: {@code WAIT} for {@code WAIT-3}, {@code CAP} for {@code CAP-IPV6}. */
  static String area(String id) {
    return id.substring(0, id.lastIndexOf('-'));
  }

  private static Map<String, List<RuleListing>> byId(List<RuleListing> listings) {
    Map<String, List<RuleListing>> map = new LinkedHashMap<>();
    for (RuleListing l : listings) {
      map.computeIfAbsent(l.id(), k -> new ArrayList<>()).add(l);
    }
    return map;
  }

  private static void first(
      Map<String, List<RuleListing>> copy, String id, String name, Map<String, RuleListing> into) {
    List<RuleListing> ls = copy.get(id);
    if (ls != null) {
      into.put(name, ls.get(0));
    }
  }

  private static String describe(Map<String, RuleListing> present) {
    return present.entrySet().stream()
        .map(e -> e.getKey() + " as " + e.getValue().level() + " at " + e.getValue().where())
        .collect(Collectors.joining("; "));
  }

  private static String wheres(List<RuleListing> ls) {
    return ls.stream().map(RuleListing::where).collect(Collectors.joining(", "));
  }
}
