package io.d2ora.core.round;

import io.d2ora.core.ExternalFaultException;

/**
 * The ledger could not be reached or did not answer in time (RPC node down, timeout, a write whose
 * outcome is unknown). Transient: callers retry with backoff and re-read before writing again.
 */
public class LedgerUnavailableException extends ExternalFaultException {
  private static final long serialVersionUID = 1L;

  public LedgerUnavailableException(String message) {
    super(message);
  }

  public LedgerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
