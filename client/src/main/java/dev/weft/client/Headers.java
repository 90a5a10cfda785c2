package dev.weft.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * NATS message headers (ADR-4): an ordered list of name/value pairs where a name may repeat and
 * keeps the case it was given, plus the optional inline status of a server-made message (such as
 * {@code 503} for "no responders"). Mutable until handed to a publish; messages received carry
 * their own copy. Names are matched exactly by {@link #get}/{@link #getAll}, case-insensitively by
 * {@link #getIgnoreCase}.
 */
public final class Headers {
  private static final String VERSION = "NATS/1.0";

  private final List<Map.Entry<String, String>> entries = new ArrayList<>();
  private int status;
  private String description = "";

  public Headers() {}

  /** Adds a value, keeping earlier ones of the same name. */
  public Headers add(String name, String value) {
    checkName(name);
    checkValue(value);
    entries.add(Map.entry(name, value));
    return this;
  }

  /** Replaces every value of {@code name} (exact match) with this one. */
  public Headers put(String name, String value) {
    remove(name);
    return add(name, value);
  }

  /** Removes every value of {@code name} (exact match). */
  public Headers remove(String name) {
    entries.removeIf(e -> e.getKey().equals(name));
    return this;
  }

  /** The first value of {@code name}, or null. */
  public String get(String name) {
    for (Map.Entry<String, String> e : entries) {
      if (e.getKey().equals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The first value whose name equals {@code name} ignoring case, or null. */
  public String getIgnoreCase(String name) {
    for (Map.Entry<String, String> e : entries) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Every value of {@code name}, in order. */
  public List<String> getAll(String name) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : entries) {
      if (e.getKey().equals(name)) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  /** The distinct names, in first-seen order. */
  public Set<String> names() {
    Set<String> out = new LinkedHashSet<>();
    entries.forEach(e -> out.add(e.getKey()));
    return Collections.unmodifiableSet(out);
  }

  /** Every pair in order, repeats included. */
  public List<Map.Entry<String, String>> entries() {
    return Collections.unmodifiableList(entries);
  }

  public int size() {
    return entries.size();
  }

  public boolean isEmpty() {
    return entries.isEmpty() && status == 0;
  }

  /** The inline status code ({@code NATS/1.0 503}), 0 when none. */
  public int status() {
    return status;
  }

  /** The text after the status code, empty when none. */
  public String description() {
    return description;
  }

  /** The header block as sent on the wire, from {@code NATS/1.0} to the closing blank line. */
  public byte[] toWire() {
    StringBuilder sb = new StringBuilder(32 + entries.size() * 24);
    sb.append(VERSION);
    if (status > 0) {
      sb.append(' ').append(status);
      if (!description.isEmpty()) {
        sb.append(' ').append(description);
      }
    }
    sb.append("\r\n");
    for (Map.Entry<String, String> e : entries) {
      sb.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
    }
    sb.append("\r\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a header block as received in an HMSG.
   *
   * @throws IllegalArgumentException if it does not start with {@code NATS/1.0}
   */
  public static Headers fromWire(byte[] block) {
    String text = new String(block, StandardCharsets.UTF_8);
    String[] lines = text.split("\r\n", -1);
    if (lines.length == 0 || !lines[0].startsWith(VERSION)) {
      throw new IllegalArgumentException("header block does not start with " + VERSION);
    }
    Headers h = new Headers();
    String statusLine = lines[0].substring(VERSION.length()).strip();
    if (!statusLine.isEmpty()) {
      int sp = statusLine.indexOf(' ');
      String code = sp < 0 ? statusLine : statusLine.substring(0, sp);
      try {
        h.status = Integer.parseInt(code);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad status in header block: " + lines[0], e);
      }
      h.description = sp < 0 ? "" : statusLine.substring(sp + 1).strip();
    }
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("bad header line: " + line);
      }
      h.entries.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).strip()));
    }
    return h;
  }

  /** A copy that later changes to this one do not affect. */
  public Headers copy() {
    Headers h = new Headers();
    h.entries.addAll(entries);
    h.status = status;
    h.description = description;
    return h;
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("header name is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c == ':' || c == 127) {
        throw new IllegalArgumentException("header name '" + name + "' contains '" + c + "'");
      }
    }
  }

  private static void checkValue(String value) {
    Objects.requireNonNull(value, "value");
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("header value contains CR or LF");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Headers h
        && h.entries.equals(entries)
        && h.status == status
        && h.description.equals(description);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entries, status, description);
  }

  @Override
  public String toString() {
    return new String(toWire(), StandardCharsets.UTF_8).replace("\r\n", "\\r\\n");
  }
}
