package dev.weft.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The named numbers one run of one measurement produced, in print order. */
public final class Figures {
  private final Map<String, Double> values = new LinkedHashMap<>();

  public Figures put(String metric, double value) {
    values.put(metric, value);
    return this;
  }

  public Map<String, Double> values() {
    return values;
  }
}
