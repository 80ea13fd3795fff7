package io.d2ora.p2p;

/** A stream was reset (by either side) or its connection closed before the stream ended cleanly. */
public class StreamResetException extends P2PException {
  private static final long serialVersionUID = 1L;

  public StreamResetException(String message) {
    super(message);
  }

  public StreamResetException(String message, Throwable cause) {
    super(message, cause);
  }
}
