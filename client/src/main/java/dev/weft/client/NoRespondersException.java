package dev.weft.client;

/**
 * A request was published while nothing subscribed to its subject: the server answered at once with
 * status 503 instead of letting the request time out.
 */
public final class NoRespondersException extends ClientException {
  private static final long serialVersionUID = 1L;

  public NoRespondersException(String subject) {
    super("no responders available for request on '" + subject + "'");
  }
}
