package io.d2ora.p2p.pubsub;

import io.d2ora.p2p.ProtocolViolationException;

/**
 * A remote peer sent pubsub bytes that break the protocol: a malformed or oversized frame, a field
 * over its limit. The fault is the peer's; the router penalises it and keeps running.
 */
public final class InvalidRpcException extends ProtocolViolationException {
  private static final long serialVersionUID = 1L;

  public InvalidRpcException(String message) {
    super(message);
  }

  public InvalidRpcException(String message, Throwable cause) {
    super(message, cause);
  }
}
