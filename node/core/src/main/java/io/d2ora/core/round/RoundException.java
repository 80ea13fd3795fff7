package io.d2ora.core.round;

/**
 * Base of the round ports' and round logic's unchecked exceptions. Subclasses say who is at fault:
 * the ledger ({@link LedgerUnavailableException}, {@link LedgerRejectedException}), the network
 * ({@link ExchangeUnavailableException}, {@link UpdateUnavailableException}), a peer's update
 * ({@link InvalidUpdateException}) or local training ({@link TrainingFailedException}).
 */
public class RoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RoundException(String message) {
    super(message);
  }

  public RoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
