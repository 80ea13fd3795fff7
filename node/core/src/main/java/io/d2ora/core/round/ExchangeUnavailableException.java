package io.d2ora.core.round;

/** The update exchange cannot act: it is stopped or has no network. Transient. */
public class ExchangeUnavailableException extends RoundException {
  private static final long serialVersionUID = 1L;

  public ExchangeUnavailableException(String message) {
    super(message);
  }

  public ExchangeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
