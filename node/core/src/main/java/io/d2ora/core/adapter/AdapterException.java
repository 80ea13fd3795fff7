package io.d2ora.core.adapter;

/**
 * Base of this package's unchecked exceptions. Subclasses say who is at fault; a plain {@code
 * AdapterException} is a local I/O problem (a file that cannot be read or written).
 */
public class AdapterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AdapterException(String message) {
    super(message);
  }

  public AdapterException(String message, Throwable cause) {
    super(message, cause);
  }
}
