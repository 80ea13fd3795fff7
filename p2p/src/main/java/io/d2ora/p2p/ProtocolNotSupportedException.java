package io.d2ora.p2p;

/**
 * multistream-select ended without a common protocol: the remote answered {@code na} to every
 * proposal.
 */
public class ProtocolNotSupportedException extends P2PException {
  private static final long serialVersionUID = 1L;

  public ProtocolNotSupportedException(String message) {
    super(message);
  }

  public ProtocolNotSupportedException(String message, Throwable cause) {
    super(message, cause);
  }
}
