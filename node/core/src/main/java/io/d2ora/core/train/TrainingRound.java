package io.d2ora.core.train;

import io.d2ora.core.optim.AdamWState;

/**
 * Where a training run sits in a federated run: which round (0-based) and, when the config keeps
 * optimizer state, the AdamW moments the previous round left.
 *
 * @param index 0 for the first round (round id 1 on the registry)
 * @param optimizerState the moments to resume from, or null for a fresh optimizer
 */
public record TrainingRound(long index, AdamWState optimizerState) {

  /** A run outside any round (`d2ora train`). */
  public static final TrainingRound STANDALONE = new TrainingRound(0, null);

  public TrainingRound {
    if (index < 0) {
      throw new IllegalArgumentException("round index: expected >= 0, got " + index);
    }
  }
}
