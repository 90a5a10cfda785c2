package dev.weft.server.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Integers with nats-server's size suffixes, as its configuration parser reads them: {@code
 * k}=1000, {@code kb}/{@code ki}/{@code kib}=1024, likewise {@code m}, {@code mb}, {@code g},
 * {@code gb}; case-insensitive. The CLI's numeric flags accept the same spelling.
 */
public final class ByteSize {
  private static final Pattern INTEGER = Pattern.compile("(-?\\d+)([A-Za-z]*)");

  private ByteSize() {}

  /**
   * The value, or null when {@code text} is not an integer with a known suffix.
   *
   * @throws ArithmeticException when it does not fit in a long
   */
  public static Long parse(String text) {
    Matcher m = INTEGER.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    long multiplier =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "" -> 1L;
          case "k" -> 1000L;
          case "kb", "ki", "kib" -> 1024L;
          case "m" -> 1000L * 1000;
          case "mb", "mi", "mib" -> 1024L * 1024;
          case "g" -> 1000L * 1000 * 1000;
          case "gb", "gi", "gib" -> 1024L * 1024 * 1024;
          default -> 0L;
        };
    if (multiplier == 0) {
      return null;
    }
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
    } catch (NumberFormatException e) {
      throw new ArithmeticException("number out of range: " + text);
    }
  }
}
