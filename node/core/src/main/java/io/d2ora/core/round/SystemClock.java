package io.d2ora.core.round;

import java.time.Duration;
import java.time.Instant;

/** The wall clock. */
final class SystemClock implements Clock {
  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public void sleepUntil(Instant deadline) throws InterruptedException {
    Duration left = Duration.between(Instant.now(), deadline);
    while (left.isPositive()) {
      Thread.sleep(left);
      left = Duration.between(Instant.now(), deadline);
    }
  }
}
