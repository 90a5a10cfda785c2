package dev.weft.server.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way nats-server (Go's {@code time.ParseDuration}) accepts them, in its
 * flags and its configuration file: a sequence of decimal numbers each with a unit, such as {@code
 * 500ms}, {@code 2s}, {@code 1m30s} or {@code 1.5h}; units {@code ns}, {@code us} ({@code µs}),
 * {@code ms}, {@code s}, {@code m}, {@code h}. A bare {@code 0} is allowed, any other bare number
 * is not.
 */
public final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d*\\.?\\d*)(ns|us|µs|μs|ms|s|m|h)");

  private GoDuration() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException with Go's wording, {@code time: invalid duration "x"}
   */
  public static Duration parse(String text) {
    String s = text.trim();
    boolean negative = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    Matcher m = PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw invalid(text);
      }
      String number = m.group(1);
      if (number.isEmpty() || number.equals(".")) {
        throw invalid(text);
      }
      long unit =
          switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
      at = m.end();
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("time: invalid duration \"" + text + "\" (out of range)");
    }
    long n = nanos.longValue();
    return Duration.ofNanos(negative ? -n : n);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
  }
}
