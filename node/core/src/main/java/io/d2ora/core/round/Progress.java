package io.d2ora.core.round;

import java.time.Instant;
import java.util.Optional;

/**
 * What one step of a {@link RoundRunner} achieved: either go on at once, or wait until an instant
 * (for a deadline, for peers, for a retry). A round that ended says so in the journal instead.
 */
record Progress(RoundStatus.Stage stage, String detail, Optional<Instant> wakeAt) {
  static Progress proceed(RoundStatus.Stage stage, String detail) {
    return new Progress(stage, detail, Optional.empty());
  }

  static Progress waitUntil(RoundStatus.Stage stage, String detail, Instant wakeAt) {
    return new Progress(stage, detail, Optional.of(wakeAt));
  }
}
