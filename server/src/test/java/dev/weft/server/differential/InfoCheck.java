package dev.weft.server.differential;

import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares INFO lines, which cannot be compared byte for byte (ids, ports, versions differ). Weft's
 * INFO must be {@code INFO {json}} with a trailing blank as nats-server writes it, carry every key
 * nats-server sent except the Go-specific ones, and agree on the values clients act upon.
 */
final class InfoCheck {
  /** Keys that only make sense for the Go implementation. */
  private static final Set<String> GO_ONLY = Set.of("go", "git_commit");

  /** Keys whose values must be equal: clients change behaviour on them. */
  private static final List<String> SAME_VALUE =
      List.of(
          "proto",
          "headers",
          "max_payload",
          "auth_required",
          "tls_required",
          "tls_available",
          "host",
          "client_ip");

  private InfoCheck() {}

  /** Empty when Weft's INFO is acceptable, else one line per problem. */
  static List<String> problems(String natsLine, String weftLine, int weftPort) {
    List<String> problems = new ArrayList<>();
    if (natsLine == null || weftLine == null) {
      if (!Objects.equals(natsLine == null, weftLine == null)) {
        problems.add(
            "first line: nats-server "
                + (natsLine == null ? "sent no INFO" : "sent INFO")
                + ", weft "
                + (weftLine == null ? "sent no INFO" : "sent INFO"));
      }
      return problems;
    }
    if (!weftLine.startsWith("INFO {")) {
      problems.add("INFO must start with 'INFO {': " + weftLine);
      return problems;
    }
    if (natsLine.endsWith(" ") != weftLine.endsWith(" ")) {
      problems.add(
          "trailing blank before CRLF differs: nats-server "
              + (natsLine.endsWith(" ") ? "has one" : "has none")
              + ", weft "
              + (weftLine.endsWith(" ") ? "has one" : "has none"));
    }
    Map<String, JsonValue> nats;
    Map<String, JsonValue> weft;
    try {
      nats = JsonParser.parse(natsLine.substring(5).strip()).map;
      weft = JsonParser.parse(weftLine.substring(5).strip()).map;
    } catch (Exception e) {
      problems.add("INFO JSON does not parse: " + e.getMessage() + ": " + weftLine);
      return problems;
    }
    Set<String> missing = new TreeSet<>(nats.keySet());
    missing.removeAll(GO_ONLY);
    missing.removeAll(weft.keySet());
    if (!missing.isEmpty()) {
      problems.add("INFO lacks keys nats-server sends: " + missing);
    }
    for (String key : SAME_VALUE) {
      String n = absentIfFalse(render(nats.get(key)));
      String w = absentIfFalse(render(weft.get(key)));
      if (!Objects.equals(n, w)) {
        problems.add("INFO " + key + ": nats-server " + n + ", weft " + w);
      }
    }
    String port = render(weft.get("port"));
    if (!Integer.toString(weftPort).equals(port)) {
      problems.add("INFO port " + port + " is not the bound port " + weftPort);
    }
    String version = weft.get("version") == null ? null : weft.get("version").string;
    if (version == null || !version.matches("\\d+\\.\\d+\\.\\d+.*")) {
      problems.add("INFO version must be semver, got " + version);
    }
    return problems;
  }

  /** nats-server omits false flags (Go omitempty); an explicit false means the same to clients. */
  private static String absentIfFalse(String v) {
    return "false".equals(v) ? null : v;
  }

  private static String render(JsonValue v) {
    if (v == null || v.type == JsonValue.Type.NULL) {
      return null;
    }
    if (v.string != null) {
      return v.string;
    }
    if (v.bool != null) {
      return v.bool.toString();
    }
    if (v.number != null) {
      return Long.toString(v.number.longValue());
    }
    return v.toJson();
  }
}
