package io.d2ora.core.train;

import io.d2ora.core.dora.AdapterMode;
import io.d2ora.core.dora.AdapterSpec;
import java.util.List;

/**
 * Everything a local fine-tuning run needs, under FinLoRA-style names (see {@link
 * TrainingConfigParser} for the JSON keys, types and defaults).
 *
 * @param baseModel model name under {@code .cache/models} or a directory
 * @param datasetPaths directories holding {@code train.jsonl} (and optionally {@code
 *     validation.jsonl}, {@code test.jsonl}), or {@code .jsonl} training files; concatenated
 * @param loraR adapter rank
 * @param loraAlpha adapter alpha (scale alpha / r)
 * @param loraDropout dropout on adapter inputs
 * @param mode DoRA, LoRA or DoRA magnitude-only
 * @param useRslora scale alpha / sqrt(r)
 * @param targetModules PEFT target_modules (suffix match on module paths)
 * @param learningRate peak AdamW learning rate
 * @param weightDecay AdamW decoupled weight decay
 * @param warmupRatio share of optimizer steps spent in linear warm-up
 * @param maxGradNorm global gradient-norm clip (0 disables)
 * @param numEpochs passes over the training data
 * @param batchSize examples per forward pass
 * @param gradientAccumulationSteps forward passes per optimizer step
 * @param maxSeqLen tokens per example, special tokens included
 * @param headDropout dropout before the classification head
 * @param seed seeds adapter init, head init, dropout and shuffling
 * @param labels class names in order, or empty to use the sorted labels of the training data
 * @param maxTrainSamples use at most this many training examples (0: all); for smoke runs
 * @param outputDir where train writes the update file and adapter_config.json
 * @param freezeLoraA keep A frozen at its seeded init and out of the update (FFA-LoRA, Sun et al.
 *     2024), as a round config with aggregation {@code ffa} asks
 */
public record TrainingConfig(
    String baseModel,
    List<String> datasetPaths,
    int loraR,
    double loraAlpha,
    double loraDropout,
    AdapterMode mode,
    boolean useRslora,
    List<String> targetModules,
    double learningRate,
    double weightDecay,
    double warmupRatio,
    double maxGradNorm,
    int numEpochs,
    int batchSize,
    int gradientAccumulationSteps,
    int maxSeqLen,
    double headDropout,
    long seed,
    List<String> labels,
    int maxTrainSamples,
    String outputDir,
    boolean freezeLoraA) {

  /** The base model when a config names none: the one {@code scripts/setup.sh} fetches. */
  public static final String DEFAULT_BASE_MODEL = "all-minilm-l6-v2";

  /** Tokens per text when a config (or a command's {@code --max-seq-len}) gives none. */
  public static final int DEFAULT_MAX_SEQ_LEN = 128;

  public TrainingConfig {
    datasetPaths = List.copyOf(datasetPaths);
    targetModules = List.copyOf(targetModules);
    labels = List.copyOf(labels);
  }

  /** The adapters this config asks for. */
  public AdapterSpec adapterSpec() {
    return AdapterSpec.builder()
        .mode(mode)
        .rank(loraR)
        .alpha(loraAlpha)
        .rsLora(useRslora)
        .dropout(loraDropout)
        .seed(seed)
        .targetModules(targetModules)
        .freezeA(freezeLoraA)
        .build();
  }
}
