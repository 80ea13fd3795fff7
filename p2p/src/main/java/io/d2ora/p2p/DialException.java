package io.d2ora.p2p;

/**
 * A connection could not be established: unreachable address, timeout, failed handshake or a remote
 * identity that differs from the dialled peer ID.
 */
public class DialException extends P2PException {
  private static final long serialVersionUID = 1L;

  public DialException(String message) {
    super(message);
  }

  public DialException(String message, Throwable cause) {
    super(message, cause);
  }
}
