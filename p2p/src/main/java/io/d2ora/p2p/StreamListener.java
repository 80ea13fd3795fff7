package io.d2ora.p2p;

/**
 * Receives a stream's data on the connection's event loop. Implementations must not block; hand
 * heavy work to another executor. An exception thrown from a callback resets the stream.
 */
public interface StreamListener {
  /**
   * Bytes received, in order. The array belongs to the listener. The stream's receive window is
   * released when this method returns.
   */
  void onData(byte[] data);

  /** The peer half-closed: no more data will arrive. We may still write. */
  default void onRemoteClose() {}

  /** The stream was reset or its connection closed before the stream ended cleanly. */
  default void onReset(StreamResetException cause) {}
}
