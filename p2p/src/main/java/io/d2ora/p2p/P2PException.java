package io.d2ora.p2p;

/**
 * Root of the p2p module's unchecked exceptions. Subclasses say who is at fault: {@link
 * ProtocolViolationException} (the remote peer), {@link DialException} (the peer or network could
 * not be reached), {@link StreamResetException} (a stream ended abnormally), {@link
 * ProtocolNotSupportedException} (no common protocol), {@link LimitExceededException} (a local
 * resource limit refused the operation).
 */
public class P2PException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public P2PException(String message) {
    super(message);
  }

  public P2PException(String message, Throwable cause) {
    super(message, cause);
  }
}
