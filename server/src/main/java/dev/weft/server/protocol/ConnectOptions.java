package dev.weft.server.protocol;

import dev.weft.wire.JsonException;
import dev.weft.wire.JsonNumber;
import dev.weft.wire.JsonReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A client's CONNECT options (nats-server's ClientOpts). Starts at nats-server's defaults (verbose,
 * pedantic and echo on) and every CONNECT is merged into the current values, as Go's json.Unmarshal
 * into the existing struct does: a field a later CONNECT omits keeps its value. Keys match
 * case-insensitively and unknown keys are ignored, as in Go.
 */
public final class ConnectOptions {
  public boolean verbose = true;
  public boolean pedantic = true;
  public boolean echo = true;
  public boolean headers;
  public boolean noResponders;
  public boolean tlsRequired;
  public boolean newAccount;
  public long protocol;
  public String authToken = "";
  public String user = "";
  public String pass = "";
  public String name = "";
  public String lang = "";
  public String version = "";
  public String account = "";

  /**
   * Merges one CONNECT argument.
   *
   * @throws JsonException when the text is not a JSON object or a known field has the wrong type;
   *     the connection must then be closed without -ERR
   */
  public void merge(byte[] b, int off, int len) throws JsonException {
    Object doc = JsonReader.parse(new String(b, off, len, StandardCharsets.UTF_8));
    if (!(doc instanceof Map<?, ?> map)) {
      throw new JsonException("cannot unmarshal into Go value of type server.ClientOpts");
    }
    JsonException typeError = null;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object v = e.getValue();
      try {
        apply(((String) e.getKey()).toLowerCase(Locale.ROOT), v);
      } catch (JsonException ex) {
        // Go keeps decoding the other fields and reports the first type error at the end.
        if (typeError == null) {
          typeError = ex;
        }
      }
    }
    if (typeError != null) {
      throw typeError;
    }
  }

  private void apply(String key, Object v) throws JsonException {
    switch (key) {
      case "verbose" -> verbose = bool(key, v, verbose);
      case "pedantic" -> pedantic = bool(key, v, pedantic);
      case "echo" -> echo = bool(key, v, echo);
      case "headers" -> headers = bool(key, v, headers);
      case "no_responders" -> noResponders = bool(key, v, noResponders);
      case "tls_required" -> tlsRequired = bool(key, v, tlsRequired);
      case "new_account" -> newAccount = bool(key, v, newAccount);
      case "protocol" -> protocol = integer(key, v, protocol);
      case "auth_token" -> authToken = str(key, v, authToken);
      case "user" -> user = str(key, v, user);
      case "pass" -> pass = str(key, v, pass);
      case "name" -> name = str(key, v, name);
      case "lang" -> lang = str(key, v, lang);
      case "version" -> version = str(key, v, version);
      case "account" -> account = str(key, v, account);
      // nkey, jwt, sig: strings in Go, accepted and unused here.
      case "nkey", "jwt", "sig" -> str(key, v, "");
      default -> {
        // Unknown fields are ignored, whatever their type.
      }
    }
  }

  private static boolean bool(String key, Object v, boolean current) throws JsonException {
    if (v == JsonReader.NULL) {
      return current;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw typeError(key, v, "bool");
  }

  private static String str(String key, Object v, String current) throws JsonException {
    if (v == JsonReader.NULL) {
      return current;
    }
    if (v instanceof String s) {
      return s;
    }
    throw typeError(key, v, "string");
  }

  private static long integer(String key, Object v, long current) throws JsonException {
    if (v == JsonReader.NULL) {
      return current;
    }
    if (v instanceof JsonNumber n) {
      Long l = n.asLong();
      if (l != null) {
        return l;
      }
    }
    throw typeError(key, v, "int");
  }

  private static JsonException typeError(String key, Object v, String type) {
    return new JsonException(
        "cannot unmarshal " + v + " into Go struct field ClientOpts." + key + " of type " + type);
  }
}
