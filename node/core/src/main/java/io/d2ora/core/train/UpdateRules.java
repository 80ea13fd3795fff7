package io.d2ora.core.train;

import io.d2ora.core.adapter.AdapterConfig;
import io.d2ora.core.adapter.AdapterLayout;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.MalformedUpdateException;
import io.d2ora.core.adapter.PeftNames;
import io.d2ora.core.data.DataFormatException;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.model.BaseModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 *       [r, in], B [out, r] and magnitude [out] with the base model's dimensions, and the head;
 *   <li>every tensor's L2 norm is at most {@value #MAX_NORM_RATIO} times its reference norm: for a
 *       module's A, B and magnitude, the Frobenius norm of the module's base weight W0 (a DoRA
 *       magnitude starts as W0's row norms, so its norm starts equal to ||W0||_F); for the head,
 *       which has no base weight, the largest such reference of the round's modules.
 * </ul>
 *
 * <p>The norm bound (which also bounds every single value) is generous: honest training moves an
 * adapter by a small fraction of ||W0||_F per round, and an update scaled up a hundredfold still
 * passes (robust strategies exist to contain those). What it keeps out is the finite but huge
 * update, e.g. values of 1e30, which would overflow float32 in {@code exact} aggregation or,
 * through fedavg, make every peer's next round diverge. Three orders of magnitude above the base
 * weights, products of two bounded factors stay far inside float32's range.
 *
 * <p>Thread-safe; layouts are built once per class count.
 */
public final class UpdateRules {
  /** Most classes an update may declare (bounds the layout built to check it). */
  public static final int MAX_LABELS = 1024;

  /** A tensor's L2 norm may be at most this many times its reference norm. */
  public static final double MAX_NORM_RATIO = 1000;

  private final BaseModel base;
  private final TrainingConfig config;
  private final AdapterConfig adapterConfig;
  private final Map<Integer, AdapterLayout> layouts = new ConcurrentHashMap<>();
  private final Map<String, Double> moduleReferences = new ConcurrentHashMap<>();
  private final double headReference;

  private UpdateRules(BaseModel base, TrainingConfig config) {
    this.base = base;
    this.config = config;
    this.adapterConfig = PeftUpdates.adapterConfig(config);
    double largest = 0;
    for (String name : layout(2).shapes().keySet()) {
      PeftNames.Parsed p = PeftNames.parse(name).orElseThrow();
      if (p.role() != PeftNames.Role.FULL) {
        largest = Math.max(largest, moduleReference(p.modulePath()));
      }
    }
    this.headReference = largest;
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
    checkNorms(update);
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

  /** Checks every tensor's norm against its bound; names all that exceed it. */
  private void checkNorms(AdapterUpdate update) {
    List<String> over = new ArrayList<>();
    for (Map.Entry<String, FloatTensor> e : update.tensors().entrySet()) {
      PeftNames.Parsed p = PeftNames.parse(e.getKey()).orElseThrow();
      double reference =
          p.role() == PeftNames.Role.FULL ? headReference : moduleReference(p.modulePath());
      double bound = MAX_NORM_RATIO * reference;
      double norm = norm(e.getValue().data());
      if (!(norm <= bound)) {
        over.add(
            String.format(
                Locale.ROOT, "%s has L2 norm %.4g, above its bound %.4g", e.getKey(), norm, bound));
      }
    }
    if (!over.isEmpty()) {
      throw new MalformedUpdateException(
          "values too large (bound: "
              + MAX_NORM_RATIO
              + " x the base weight's Frobenius norm): "
              + String.join("; ", over));
    }
  }

  /** ||W0||_F of the base weight a module adapts, e.g. {@code bert.encoder.layer.0...query}. */
  private double moduleReference(String modulePath) {
    return moduleReferences.computeIfAbsent(
        modulePath,
        path -> {
          String name = path.substring(PeftUpdates.MODEL_PREFIX.length()) + ".weight";
          return norm(base.checkpoint().tensor(name).data());
        });
  }

  private static double norm(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }
}
