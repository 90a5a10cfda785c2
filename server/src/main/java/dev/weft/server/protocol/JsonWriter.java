package dev.weft.server.protocol;

import dev.weft.wire.JsonStrings;

/**
 * Builds one flat JSON object field by field, in call order (the INFO document). Field order is
 * kept as nats-server sends it so captures line up in a diff.
 */
public final class JsonWriter {
  private final StringBuilder sb = new StringBuilder(256).append('{');
  private boolean first = true;

  public JsonWriter field(String name, String value) {
    key(name);
    quote(value);
    return this;
  }

  public JsonWriter field(String name, long value) {
    key(name);
    sb.append(value);
    return this;
  }

  public JsonWriter field(String name, boolean value) {
    key(name);
    sb.append(value);
    return this;
  }

  /** The finished object. */
  public String end() {
    return sb.append('}').toString();
  }

  private void key(String name) {
    if (!first) {
      sb.append(',');
    }
    first = false;
    quote(name);
    sb.append(':');
  }

  private void quote(String v) {
    JsonStrings.quoteAsGo(sb, v);
  }
}
