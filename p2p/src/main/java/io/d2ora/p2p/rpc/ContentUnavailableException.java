package io.d2ora.p2p.rpc;

import io.d2ora.p2p.P2PException;

/** The peer answered but did not serve the content: it does not have it, or it is busy. */
public class ContentUnavailableException extends P2PException {
  private static final long serialVersionUID = 1L;

  public ContentUnavailableException(String message) {
    super(message);
  }
}
