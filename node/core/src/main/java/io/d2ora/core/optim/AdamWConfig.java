package io.d2ora.core.optim;

/**
 * AdamW hyper-parameters; defaults are PyTorch's {@code torch.optim.AdamW}.
 *
 * @param beta1 first-moment decay in [0, 1)
 * @param beta2 second-moment decay in [0, 1)
 * @param epsilon added to the denominator, > 0
 * @param weightDecay decoupled decay coefficient, >= 0; applied as {@code p *= 1 - lr·wd} to
 *     parameters with {@link io.d2ora.core.nn.Parameter#decayed()}
 */
public record AdamWConfig(double beta1, double beta2, double epsilon, double weightDecay) {
  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPSILON = 1e-8;
  public static final double DEFAULT_WEIGHT_DECAY = 0.01;
  public static final AdamWConfig DEFAULT =
      new AdamWConfig(DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, DEFAULT_WEIGHT_DECAY);

  public AdamWConfig {
    requireUnitInterval("beta1", beta1);
    requireUnitInterval("beta2", beta2);
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon: expected > 0, got " + epsilon);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(
          "weightDecay: expected a finite value >= 0, got " + weightDecay);
    }
  }

  public AdamWConfig withWeightDecay(double weightDecay) {
    return new AdamWConfig(beta1, beta2, epsilon, weightDecay);
  }

  private static void requireUnitInterval(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + ": expected a value in [0, 1), got " + value);
    }
  }
}
