package io.d2ora.p2p;

/**
 * A local resource limit (connections, streams, message size, concurrent requests) refused the
 * operation.
 */
public class LimitExceededException extends P2PException {
  private static final long serialVersionUID = 1L;

  public LimitExceededException(String message) {
    super(message);
  }

  public LimitExceededException(String message, Throwable cause) {
    super(message, cause);
  }
}
