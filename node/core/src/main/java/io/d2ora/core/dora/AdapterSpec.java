package io.d2ora.core.dora;

import java.util.List;
import java.util.Objects;

/**
 * Hyper-parameters of the adapters of one model; the same spec applies to every targeted layer.
 *
 * @param mode DoRA, LoRA or magnitude-only
 * @param rank r >= 1, the inner dimension of A {@code [r, in]} and B {@code [out, r]}
 * @param alpha scale numerator; {@code scaling = alpha / r}, or {@code alpha / sqrt(r)} with rsLoRA
 * @param rsLora rank-stabilised scaling (Kalajdzievski 2023, arXiv:2312.03732)
 * @param dropout probability in [0, 1) of zeroing an adapter input element during training
 * @param detachNorm treat the weight norm ||W0 + s·B·A|| as a constant in backward (paper 4.3,
 *     PEFT); false differentiates through it
 * @param seed seeds A's initialisation and dropout masks (mixed with each layer's name)
 * @param targetModules PEFT {@code target_modules}: a layer is adapted when its module path equals
 *     an entry or ends with {@code "." + entry}, e.g. {@code query}, {@code value}
 * @param freezeA keep A frozen at its seeded init and leave it out of the state (FFA-LoRA, Sun et
 *     al. 2024): every peer with the same seed holds the same A, so averaging B averages the
 *     products exactly; B (and DoRA's m) train
 */
public record AdapterSpec(
    AdapterMode mode,
    int rank,
    double alpha,
    boolean rsLora,
    double dropout,
    boolean detachNorm,
    long seed,
    List<String> targetModules,
    boolean freezeA) {

  public static final int DEFAULT_RANK = 8;
  public static final double DEFAULT_ALPHA = 16;
  public static final double DEFAULT_DROPOUT = 0.0;
  public static final long DEFAULT_SEED = 42;
  public static final List<String> DEFAULT_TARGET_MODULES = List.of("query", "value");

  public AdapterSpec {
    Objects.requireNonNull(mode, "mode");
    if (rank < 1) {
      throw new IllegalArgumentException("rank: expected >= 1, got " + rank);
    }
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha: expected a finite value > 0, got " + alpha);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout: expected a value in [0, 1), got " + dropout);
    }
    targetModules = List.copyOf(Objects.requireNonNull(targetModules, "targetModules"));
  }

  /** A DoRA spec with the defaults above and the given rank and alpha. */
  public static AdapterSpec dora(int rank, double alpha) {
    return builder().rank(rank).alpha(alpha).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The factor s applied to B·A. */
  public double scaling() {
    return rsLora ? alpha / Math.sqrt(rank) : alpha / rank;
  }

  /** Whether the layer at {@code modulePath} is adapted (PEFT's suffix match on whole names). */
  public boolean targets(String modulePath) {
    for (String target : targetModules) {
      if (modulePath.equals(target) || modulePath.endsWith("." + target)) {
        return true;
      }
    }
    return false;
  }

  public Builder toBuilder() {
    return new Builder()
        .mode(mode)
        .rank(rank)
        .alpha(alpha)
        .rsLora(rsLora)
        .dropout(dropout)
        .detachNorm(detachNorm)
        .seed(seed)
        .targetModules(targetModules)
        .freezeA(freezeA);
  }

  /** Builder with PEFT-like defaults: DoRA, r = 8, alpha = 16, no dropout, detached norm. */
  public static final class Builder {
    private AdapterMode mode = AdapterMode.DORA;
    private int rank = DEFAULT_RANK;
    private double alpha = DEFAULT_ALPHA;
    private boolean rsLora;
    private double dropout = DEFAULT_DROPOUT;
    private boolean detachNorm = true;
    private long seed = DEFAULT_SEED;
    private List<String> targetModules = DEFAULT_TARGET_MODULES;
    private boolean freezeA;

    private Builder() {}

    public Builder mode(AdapterMode mode) {
      this.mode = mode;
      return this;
    }

    public Builder rank(int rank) {
      this.rank = rank;
      return this;
    }

    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    public Builder rsLora(boolean rsLora) {
      this.rsLora = rsLora;
      return this;
    }

    public Builder dropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    public Builder detachNorm(boolean detachNorm) {
      this.detachNorm = detachNorm;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder targetModules(List<String> targetModules) {
      this.targetModules = targetModules;
      return this;
    }

    public Builder freezeA(boolean freezeA) {
      this.freezeA = freezeA;
      return this;
    }

    public AdapterSpec build() {
      return new AdapterSpec(
          mode, rank, alpha, rsLora, dropout, detachNorm, seed, targetModules, freezeA);
    }
  }
}
