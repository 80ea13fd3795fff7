package io.d2ora.core.aggregate;

/**
 * The start adapter's server optimiser state is missing, malformed or belongs to another optimiser
 * or round, so the round's server step cannot be computed (nor verified).
 */
public final class ServerStateException extends AggregationException {
  private static final long serialVersionUID = 1L;

  public ServerStateException(String message) {
    super(message);
  }

  public ServerStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
