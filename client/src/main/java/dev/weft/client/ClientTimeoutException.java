package dev.weft.client;

/** A request got no reply, or a flush no PONG, within its timeout. */
public class ClientTimeoutException extends ClientException {
  private static final long serialVersionUID = 1L;

  public ClientTimeoutException(String message) {
    super(message);
  }
}
