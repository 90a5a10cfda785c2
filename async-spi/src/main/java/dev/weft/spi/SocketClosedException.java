package dev.weft.spi;

import java.io.IOException;

/**
 * The socket or listener was closed locally, before or during the operation (CLOSE-2, CLOSE-3). A
 * peer's close is not this: it shows as EOF or as an ordinary {@link IOException}.
 */
public final class SocketClosedException extends IOException {
  private static final long serialVersionUID = 1L;

  public SocketClosedException(String message) {
    super(message);
  }
}
