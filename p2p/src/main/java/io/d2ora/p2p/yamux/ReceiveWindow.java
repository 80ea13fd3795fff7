package io.d2ora.p2p.yamux;

import io.d2ora.p2p.ProtocolViolationException;

/**
 * One stream's receive-side flow control. The sender may have at most {@link #available()} bytes in
 * flight. As the application consumes data we return credit in a WindowUpdate once half the current
 * window is consumed, and each such update doubles the window (up to a maximum) so that a stream
 * carrying bulk data quickly reaches a window large enough for the link's bandwidth-delay product,
 * while idle streams keep the small initial window. Not thread-safe.
 */
public final class ReceiveWindow {
  private final int max;
  private int window = YamuxHeader.INITIAL_WINDOW;
  private long available = YamuxHeader.INITIAL_WINDOW;
  private long consumed;

  /**
   * @param max the largest window to grow to, >= the initial 256 KiB
   */
  public ReceiveWindow(int max) {
    if (max < YamuxHeader.INITIAL_WINDOW) {
      throw new IllegalArgumentException(
          "max window must be >= " + YamuxHeader.INITIAL_WINDOW + ", got " + max);
    }
    this.max = max;
  }

  /**
   * Accounts for {@code length} received bytes.
   *
   * @throws ProtocolViolationException if the sender exceeded the window it was given
   */
  public void onReceived(long length) {
    if (length > available) {
      throw new ProtocolViolationException(
          "yamux peer sent " + length + " bytes with only " + available + " of window");
    }
    available -= length;
  }

  /**
   * Accounts for {@code length} bytes the application consumed.
   *
   * @return the delta to announce in a WindowUpdate now, or 0 to wait
   */
  public int onConsumed(int length) {
    consumed += length;
    if (consumed < window / 2) {
      return 0;
    }
    int grown = (int) Math.min(max, 2L * window);
    long delta = consumed + (grown - window);
    window = grown;
    consumed = 0;
    available += delta;
    return (int) delta;
  }

  /** Bytes the sender may still send. */
  public long available() {
    return available;
  }

  /** The current window size. */
  public int window() {
    return window;
  }
}
