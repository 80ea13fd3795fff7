package io.d2ora.core.adapter;

import io.d2ora.core.InputFaultException;

/**
 * Base of this package's exceptions: an input fault. A plain {@code AdapterException} is a file the
 * caller named that cannot be read or written (missing, unreadable, a directory that cannot be
 * created); {@link MalformedUpdateException} is bytes that are not a valid update.
 */
public class AdapterException extends InputFaultException {
  private static final long serialVersionUID = 1L;

  public AdapterException(String message) {
    super(message);
  }

  public AdapterException(String message, Throwable cause) {
    super(message, cause);
  }
}
