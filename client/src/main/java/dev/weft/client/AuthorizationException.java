package dev.weft.client;

import java.io.IOException;

/** The server refused the credentials ({@code -ERR 'Authorization Violation'} and kin). */
public final class AuthorizationException extends IOException {
  private static final long serialVersionUID = 1L;

  public AuthorizationException(String message) {
    super(message);
  }
}
