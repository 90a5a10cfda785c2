package dev.weft.client;

import dev.weft.client.protocol.Json;
import java.util.List;
import java.util.Map;

/**
 * The fields of a server's INFO that the client acts on; everything else stays in {@link #raw()}.
 *
 * @param maxPayload largest payload the server accepts, 0 when not advertised (then unchecked)
 * @param connectUrls other cluster members the server advertises, possibly empty
 */
public record ServerInfo(
    String serverId,
    String serverName,
    String version,
    int proto,
    boolean headers,
    boolean authRequired,
    boolean tlsRequired,
    long maxPayload,
    long clientId,
    String nonce,
    List<String> connectUrls,
    Map<String, Object> raw) {

  /** Parses the JSON that follows {@code INFO }. */
  public static ServerInfo parse(String json) {
    Map<String, Object> m = Json.parseObject(json);
    List<String> urls =
        m.get("connect_urls") instanceof List<?> l
            ? l.stream().map(String::valueOf).toList()
            : List.of();
    return new ServerInfo(
        str(m, "server_id"),
        str(m, "server_name"),
        str(m, "version"),
        (int) num(m, "proto"),
        bool(m, "headers"),
        bool(m, "auth_required"),
        bool(m, "tls_required"),
        num(m, "max_payload"),
        num(m, "client_id"),
        str(m, "nonce"),
        urls,
        Map.copyOf(withoutNulls(m)));
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> m) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(m);
    copy.values().removeIf(java.util.Objects::isNull);
    return copy;
  }

  private static String str(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? "" : String.valueOf(v);
  }

  private static long num(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.longValue() : 0;
  }

  private static boolean bool(Map<String, Object> m, String key) {
    return Boolean.TRUE.equals(m.get(key));
  }
}
