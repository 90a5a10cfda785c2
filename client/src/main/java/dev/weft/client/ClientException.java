package dev.weft.client;

/**
 * A client operation failed: connection closed, reconnect buffer full, lost during a flush, etc.
 */
public class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClientException(String message) {
    super(message);
  }

  public ClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
