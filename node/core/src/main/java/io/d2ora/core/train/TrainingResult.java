package io.d2ora.core.train;

import io.d2ora.core.data.LabelSet;
import io.d2ora.core.model.WeightTensor;
import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Map;

/**
 * What a local training run produced.
 *
 * @param state adapter tensors and the head by parameter name (e.g. {@code
 *     encoder.layer.0.attention.self.query.lora_A.weight}, {@code classifier.weight}); {@link
 *     PeftUpdates} turns it into a PEFT update file
 * @param sampleCount training examples seen per epoch (the update's weight in aggregation)
 * @param epochs per-epoch loss and validation metrics
 * @param tokens real tokens through forward and backward, all epochs
 * @param trainingSeconds wall time of the training steps (validation excluded)
 * @param peakNativeBytes highest resident memory seen during training (JavaCPP's physical bytes)
 * @param optimizerState AdamW's moments at the end (tagged with the config's seed-free recipe by
 *     the caller when kept; never part of an update)
 */
public record TrainingResult(
    Map<String, WeightTensor> state,
    LabelSet labels,
    ContentHash baseModelHash,
    long sampleCount,
    List<ProgressListener.EpochSummary> epochs,
    long steps,
    long tokens,
    double trainingSeconds,
    long peakNativeBytes,
    io.d2ora.core.optim.AdamWState optimizerState) {

  public TrainingResult {
    state = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(state));
    epochs = List.copyOf(epochs);
  }

  public double tokensPerSecond() {
    return trainingSeconds == 0 ? 0 : tokens / trainingSeconds;
  }
}
