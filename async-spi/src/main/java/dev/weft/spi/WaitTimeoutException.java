package dev.weft.spi;

/**
 * A wait, or a join, reached its timeout before anything was ready (WAIT-6). Nothing was consumed.
 */
public final class WaitTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WaitTimeoutException(String message) {
    super(message);
  }
}
