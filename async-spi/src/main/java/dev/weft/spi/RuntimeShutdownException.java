package dev.weft.spi;

/** The runtime is shutting down or closed, so it starts nothing new (SHUT-1). */
public final class RuntimeShutdownException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public RuntimeShutdownException(String message) {
    super(message);
  }
}
