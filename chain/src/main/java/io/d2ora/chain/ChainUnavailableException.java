package io.d2ora.chain;

/**
 * The node did not answer (connection refused, I/O error, timeout). {@link #retryable()} says
 * whether the operation certainly had no effect (nothing was submitted), so that repeating it is
 * safe.
 */
public final class ChainUnavailableException extends ChainException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public ChainUnavailableException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
