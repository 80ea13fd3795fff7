package io.d2ora.core.train;

import io.d2ora.core.adapter.AdapterConfig;
import io.d2ora.core.adapter.AdapterLayout;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.MalformedUpdateException;
import io.d2ora.core.data.DataFormatException;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.model.BaseModel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every update of a round must be, derived only from what all its participants share: the base
 * model and the round's training config. So every node (and a verifier) judges an update the same
 * way, and updates that pass can always be aggregated together. An update passes {@link #check}
 * when
 *
 * <ul>
 *   <li>its PEFT config is the one the training config gives (rank, alpha, dropout, target modules,
 *       DoRA, rsLoRA, base model name, head);
 *   <li>its class names ({@value PeftUpdates#LABELS_KEY}) are the config's {@code labels} when the
 *       config names them, else 2 to {@value #MAX_LABELS} distinct names;
 *   <li>its tensors are exactly the round's layout for that many classes: every adapted module's A
 *       [r, in], B [out, r] and magnitude [out] with the base model's dimensions, and the head.
 * </ul>
 *
 * <p>Thread-safe; layouts are built once per class count.
 */
public final class UpdateRules {
  /** Most classes an update may declare (bounds the layout built to check it). */
  public static final int MAX_LABELS = 1024;

  private final BaseModel base;
  private final TrainingConfig config;
  private final AdapterConfig adapterConfig;
  private final Map<Integer, AdapterLayout> layouts = new ConcurrentHashMap<>();

  private UpdateRules(BaseModel base, TrainingConfig config) {
    this.base = base;
    this.config = config;
    this.adapterConfig = PeftUpdates.adapterConfig(config, config.baseModel());
  }

  /** The rules of rounds that fine-tune {@code base} with {@code config}. */
  public static UpdateRules of(BaseModel base, TrainingConfig config) {
    return new UpdateRules(base, config);
  }

  /** The PEFT config every update must carry. */
  public AdapterConfig adapterConfig() {
    return adapterConfig;
  }

  /** The tensors every update with {@code numLabels} classes must hold. */
  public AdapterLayout layout(int numLabels) {
    return layouts.computeIfAbsent(numLabels, n -> PeftUpdates.layout(base, config, n));
  }

  /**
   * Checks an update against the round.
   *
   * @throws MalformedUpdateException naming what does not fit
   */
  public void check(AdapterUpdate update) {
    AdapterConfig actual = update.config();
    if (!actual.equals(adapterConfig)) {
      throw new MalformedUpdateException(
          "PEFT config " + actual.toJson() + " is not the round's " + adapterConfig.toJson());
    }
    LabelSet labels = labels(update);
    layout(labels.size()).check(update);
  }

  private LabelSet labels(AdapterUpdate update) {
    LabelSet labels;
    try {
      labels = PeftUpdates.labels(update);
    } catch (DataFormatException e) {
      throw new MalformedUpdateException("class names: " + e.getMessage());
    }
    if (!config.labels().isEmpty() && !labels.labels().equals(config.labels())) {
      throw new MalformedUpdateException(
          "class names " + labels.labels() + " are not the round's " + config.labels());
    }
    if (labels.size() > MAX_LABELS) {
      throw new MalformedUpdateException(
          labels.size() + " classes, more than the " + MAX_LABELS + " an update may have");
    }
    return labels;
  }
}
