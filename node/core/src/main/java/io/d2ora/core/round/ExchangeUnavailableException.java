package io.d2ora.core.round;

import io.d2ora.core.ExternalFaultException;

/** The update exchange cannot act: it is stopped or has no network. Transient. */
public class ExchangeUnavailableException extends ExternalFaultException {
  private static final long serialVersionUID = 1L;

  public ExchangeUnavailableException(String message) {
    super(message);
  }

  public ExchangeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
