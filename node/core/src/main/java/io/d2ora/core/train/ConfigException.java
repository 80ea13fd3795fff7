package io.d2ora.core.train;

import io.d2ora.core.InputFaultException;

/** A training config is invalid: the message names the key and what was expected. */
public class ConfigException extends InputFaultException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
