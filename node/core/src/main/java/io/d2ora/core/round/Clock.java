package io.d2ora.core.round;

import java.time.Instant;

/**
 * Time as the round logic waits for it. Deadlines are compared with {@link #now()}; the node's
 * clock should follow the chain's (NTP; devnets stamp blocks with wall time). Injected so tests run
 * rounds on a manual clock.
 */
public interface Clock {
  /** The current instant. */
  Instant now();

  /**
   * Blocks until {@link #now()} reaches {@code deadline} (returns at once if it has).
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  void sleepUntil(Instant deadline) throws InterruptedException;

  /** The system wall clock, sleeping with {@link Thread#sleep}. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
