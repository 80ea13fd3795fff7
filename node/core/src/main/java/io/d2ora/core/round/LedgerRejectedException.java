package io.d2ora.core.round;

import io.d2ora.core.ExternalFaultException;

/**
 * The ledger refused a write (the contract reverted): a deadline passed, the sender is not entitled
 * (not a participant, not the aggregator), or the write was already made. Retrying the same write
 * will fail again; callers re-read the state to learn why.
 */
public class LedgerRejectedException extends ExternalFaultException {
  private static final long serialVersionUID = 1L;

  public LedgerRejectedException(String message) {
    super(message);
  }

  public LedgerRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
