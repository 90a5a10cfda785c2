package dev.weft.tck.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules docs/spi.md lists: the rows of the tables under its {@code ## Rules} heading whose
 * first cell is a rule ID, each with its level ({@code required}, or {@code capability `NAME`})
 * and, in backticks, the name of the rule's test. A row of another shape there is reported as
 * malformed rather than skipped, so a table cannot drift out of the check.
 */
final class SpiDocRules {
  private static final String SECTION = "## Rules";
  private static final Pattern ID_CELL = Pattern.compile(JavadocRules.ID);
  private static final Pattern CAPABILITY_LEVEL = Pattern.compile("capability `([A-Z][A-Z0-9_]*)`");
  private static final Pattern TEST_NAME = Pattern.compile("`([^`]+)`");

  /** The listings, and the rows that look like rule rows but cannot be read as one. */
  record Found(List<RuleListing> rules, List<String> malformed) {}

  private SpiDocRules() {}

  /** Reads the lines of the document; {@code file} names it in each listing. */
  static Found parse(List<String> lines, String file) {
    List<RuleListing> rules = new ArrayList<>();
    List<String> malformed = new ArrayList<>();
    boolean inSection = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("## ")) {
        inSection = line.strip().equals(SECTION);
        continue;
      }
      if (!inSection || !line.startsWith("|")) {
        continue;
      }
      String where = file + ":" + (i + 1);
      String[] cells = line.split("\\|", -1);
      // "| ID | Level | Rule | TCK test |" splits into an empty cell, four cells, an empty cell.
      String first = cells.length > 1 ? cells[1].strip() : "";
      if (!ID_CELL.matcher(first).matches()) {
        continue; // a header or separator row
      }
      if (cells.length != 6) {
        malformed.add(
            where + ": expected 4 cells (ID, level, rule, test), got " + (cells.length - 2));
        continue;
      }
      String level = level(cells[2].strip());
      Matcher test = TEST_NAME.matcher(cells[4]);
      if (level == null || !test.find()) {
        malformed.add(
            where
                + ": expected a level (required, or capability `NAME`) and a `test name`: "
                + line);
        continue;
      }
      rules.add(new RuleListing(first, level, test.group(1), where));
    }
    return new Found(rules, malformed);
  }

  private static String level(String cell) {
    if (cell.equals(RuleListing.REQUIRED)) {
      return RuleListing.REQUIRED;
    }
    Matcher cap = CAPABILITY_LEVEL.matcher(cell);
    return cap.matches() ? RuleListing.capability(cap.group(1)) : null;
  }
}
