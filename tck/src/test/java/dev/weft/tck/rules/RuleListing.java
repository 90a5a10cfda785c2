package dev.weft.tck.rules;

/**
 * One rule as one of the three copies lists it: the SPI Javadoc, docs/spi.md, or the kit's tests.
 *
 * @param id the rule ID, e.g. {@code WAIT-3}
 * @param level {@code required}, or {@code capability NAME} for a rule of capability {@code NAME}
 * @param testName the display name of the rule's test, where the copy gives one, else null
 * @param where the file and line (or the test) the listing comes from, for failure messages
 */
record RuleListing(String id, String level, String testName, String where) {
  static final String REQUIRED = "required";

  static String capability(String name) {
    return "capability " + name;
  }
}
