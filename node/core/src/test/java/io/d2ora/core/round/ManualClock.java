package io.d2ora.core.round;

import java.time.Duration;
import java.time.Instant;

/**
 * A clock that moves only when told to: {@link #sleepUntil} jumps to the deadline at once, so a
 * round with minute-long windows runs in milliseconds. Thread-safe.
 */
public final class ManualClock implements Clock {
  private Instant now;

  public ManualClock(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized void sleepUntil(Instant deadline) {
    if (deadline.isAfter(now)) {
      now = deadline;
    }
  }

  /** Moves the clock forward by {@code d}. */
  public synchronized void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time does not go back, got " + d);
    }
    now = now.plus(d);
  }
}
