package io.d2ora.core.round;

/**
 * Local training as a round sees it (Theia's DoRA training on the node's private data). Called on
 * the round runner's thread; may take minutes. Should be deterministic for a given context (seeded)
 * so a node that crashed during training and retrains commits the same update; the round logic does
 * not rely on it (nothing is committed before training finished and its file is stored).
 */
@FunctionalInterface
public interface LocalTrainer {
  /**
   * Trains for one round.
   *
   * @return the update file and its sample count
   * @throws TrainingFailedException if no update can be produced; the node then only observes
   */
  TrainedUpdate train(TrainingContext context);
}
