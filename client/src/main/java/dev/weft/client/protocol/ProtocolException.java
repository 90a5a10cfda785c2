package dev.weft.client.protocol;

import java.io.IOException;

/** The server sent bytes that are not the NATS protocol; the connection is dropped and re-made. */
public final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }
}
