package io.d2ora.core.round;

import java.util.Objects;
import java.util.Optional;

/**
 * What local training needs to know about the round.
 *
 * @param round the round (its base model and training-config hashes)
 * @param trainer the training node's address (goes into the update's metadata)
 * @param startingAdapter the adapter to start from (the previous round's aggregate file), or empty
 *     to start from freshly initialised adapters
 */
public record TrainingContext(RoundInfo round, Address trainer, Optional<byte[]> startingAdapter) {
  public TrainingContext {
    Objects.requireNonNull(round, "round");
    Objects.requireNonNull(trainer, "trainer");
    Objects.requireNonNull(startingAdapter, "startingAdapter");
  }
}
