package io.d2ora.core.round;

import java.util.Objects;

/**
 * The result of local training.
 *
 * @param bytes the update file (its hash is what the node commits)
 * @param numSamples training samples it was computed from (weights it in aggregation)
 */
public record TrainedUpdate(byte[] bytes, long numSamples) {
  public TrainedUpdate {
    Objects.requireNonNull(bytes, "bytes");
    if (numSamples < 1) {
      throw new IllegalArgumentException("an update needs >= 1 sample, got " + numSamples);
    }
  }
}
