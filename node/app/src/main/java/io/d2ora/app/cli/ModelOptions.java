package io.d2ora.app.cli;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.train.TrainingConfig;
import picocli.CommandLine.Option;

/**
 * The model options of the commands that run a trained update ({@code eval}, {@code predict},
 * {@code demo score}): which base model, and how many tokens per text. Used as a picocli
 * {@code @Mixin}, so the flags, defaults and help text are the same everywhere.
 */
public final class ModelOptions {
  @Option(
      names = "--base-model",
      paramLabel = "NAME|DIR",
      description = "base model (default: the one the update's adapter config names)")
  String baseModel;

  @Option(names = "--max-seq-len", description = "tokens per text (default ${DEFAULT-VALUE})")
  int maxSeqLen = TrainingConfig.DEFAULT_MAX_SEQ_LEN;

  /** The base model for {@code update}, as {@link ModelLoader#baseModelFor} finds and checks it. */
  public BaseModel baseModelFor(AdapterUpdate update) {
    return ModelLoader.baseModelFor(update, baseModel);
  }

  /** Tokens per text, special tokens included (at least 2: {@code [CLS]} and {@code [SEP]}). */
  public int maxSeqLen() {
    if (maxSeqLen < 2) {
      throw new UserException("--max-seq-len must be at least 2, got " + maxSeqLen);
    }
    return maxSeqLen;
  }
}
