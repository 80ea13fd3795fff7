package io.d2ora.p2p;

/**
 * The remote side (or an untrusted file) sent bytes that break a protocol: malformed, truncated,
 * oversized or out of order. The transport closes the offending stream or connection and reports
 * the peer to the {@link MisbehaviorListener}s; it never crashes the node.
 */
public class ProtocolViolationException extends P2PException {
  private static final long serialVersionUID = 1L;

  public ProtocolViolationException(String message) {
    super(message);
  }

  public ProtocolViolationException(String message, Throwable cause) {
    super(message, cause);
  }
}
