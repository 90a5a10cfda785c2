package dev.weft.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The named numbers one run of one measurement produced, in print order. */
final class Figures {
  private final Map<String, Double> values = new LinkedHashMap<>();

  Figures put(String metric, double value) {
    values.put(metric, value);
    return this;
  }

  Map<String, Double> values() {
    return values;
  }
}
