package dev.weft.client;

import java.nio.charset.StandardCharsets;

/**
 * A received message. {@link #headers()} is null for a message published without headers. Status
 * messages made by the server (503 "no responders") have an empty payload and {@code
 * headers().status()} set.
 *
 * @param subject the subject it was published to (not the wildcard subscribed to)
 * @param replyTo the reply subject, or null
 * @param headers the headers, or null
 * @param data the payload, never null
 * @param subscription the subscription that received it, or null for request replies
 */
public record Message(
    String subject, String replyTo, Headers headers, byte[] data, Subscription subscription) {

  /** The payload decoded as UTF-8. */
  public String text() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** True when this is a server status message (it carries a status and no data). */
  public boolean isStatus() {
    return headers != null && headers.status() > 0 && data.length == 0;
  }

  /** Bytes this message occupies for pending limits: subject, reply, headers and payload. */
  long footprint() {
    return data.length + subject.length() + (replyTo == null ? 0 : replyTo.length()) + 32;
  }

  @Override
  public String toString() {
    return "Message[subject="
        + subject
        + ", replyTo="
        + replyTo
        + ", headers="
        + headers
        + ", "
        + data.length
        + " bytes]";
  }
}
