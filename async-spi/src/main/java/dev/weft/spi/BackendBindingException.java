package dev.weft.spi;

/**
 * Binding could not choose exactly one backend. {@link #code()} is stable and documented in
 * docs/spi.md, so tools may match on it; the message names what was found (with the jar each came
 * from) and how to fix the setup.
 */
public final class BackendBindingException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Stable error codes of binding. */
  public enum Code {
    /** WEFT-BIND-1: no backend on the class path or module path. */
    NO_BACKEND("WEFT-BIND-1"),
    /** WEFT-BIND-2: several backends and no {@code weft.backend} property to choose. */
    SEVERAL_BACKENDS("WEFT-BIND-2"),
    /** WEFT-BIND-3: {@code weft.backend} names a backend that is not present. */
    UNKNOWN_NAME("WEFT-BIND-3"),
    /** WEFT-BIND-4: the chosen backend was built for another {@link SpiVersion}. */
    SPI_VERSION_MISMATCH("WEFT-BIND-4"),
    /** WEFT-BIND-5: a registered provider could not be loaded or instantiated. */
    PROVIDER_FAILED("WEFT-BIND-5");

    private final String id;

    Code(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  private final Code code;

  public BackendBindingException(Code code, String message) {
    super(code.id() + ": " + message);
    this.code = code;
  }

  public BackendBindingException(Code code, String message, Throwable cause) {
    super(code.id() + ": " + message, cause);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
