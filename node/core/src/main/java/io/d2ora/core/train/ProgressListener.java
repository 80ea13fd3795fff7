package io.d2ora.core.train;

/**
 * Receives training progress on the training thread; implementations must be quick (print a line,
 * update a bar). Default methods ignore the event.
 */
public interface ProgressListener {
  ProgressListener NONE = new ProgressListener() {};

  /** After each optimizer step. */
  default void onStep(StepProgress progress) {}

  /** After each epoch, with validation results when there is validation data. */
  default void onEpoch(EpochSummary summary) {}

  /**
   * @param epoch 1-based
   * @param step optimizer steps done (1-based)
   * @param loss mean training loss over this epoch's micro-batches so far
   * @param tokensPerSecond real (non-padding) tokens through forward and backward per second
   * @param etaSeconds estimated time to the last step, from the rate so far
   */
  record StepProgress(
      int epoch,
      long step,
      long totalSteps,
      double loss,
      double learningRate,
      double tokensPerSecond,
      double etaSeconds) {}

  /** @param validation null when there is no validation data */
  record EpochSummary(int epoch, double trainLoss, Evaluation validation) {}
}
