package io.d2ora.core;

/**
 * Something outside this process failed or refused: the ledger (unreachable, timed out, or it
 * reverted a write), the peer network (stopped, or no peer served the bytes), the node's own disk.
 * The input may be fine. See {@link CoreException} for how callers act.
 */
public abstract non-sealed class ExternalFaultException extends CoreException {
  private static final long serialVersionUID = 1L;

  protected ExternalFaultException(String message) {
    super(message, null);
  }

  protected ExternalFaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
