package dev.weft.server.cli;

/**
 * A command line that cannot be run: unknown flag, missing or bad value. The CLI prints usage and
 * exits 2.
 */
public final class UsageException extends Exception {
  public UsageException(String message) {
    super(message);
  }
}
