package io.d2ora.core.data;

import io.d2ora.core.InputFaultException;

/** A data file is missing or has a bad line; the message names the file and line. */
public class DataFormatException extends InputFaultException {
  private static final long serialVersionUID = 1L;

  public DataFormatException(String message) {
    super(message);
  }

  public DataFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
