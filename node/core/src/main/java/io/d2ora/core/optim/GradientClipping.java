package io.d2ora.core.optim;

import io.d2ora.core.nn.NumericalException;
import io.d2ora.core.nn.Parameter;
import java.util.List;

/** Global L2 gradient-norm clipping with PyTorch's {@code clip_grad_norm_} semantics. */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Scales all trainable gradients by {@code maxNorm / (total + 1e-6)} when that is below 1.
   *
   * @param maxNorm threshold > 0
   * @param step the optimizer step, for the error report
   * @return the total norm before clipping
   * @throws NumericalException if the total norm is NaN or Inf
   */
  public static double clipGlobalNorm(List<Parameter> parameters, double maxNorm, long step) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("maxNorm: expected > 0, got " + maxNorm);
    }
    double total = globalNorm(parameters);
    if (!Double.isFinite(total)) {
      throw new NumericalException("global gradient norm", "clipping", step);
    }
    double coefficient = maxNorm / (total + 1e-6);
    if (coefficient < 1) {
      for (Parameter p : parameters) {
        if (p.trainable()) {
          p.scaleGrad(coefficient);
        }
      }
    }
    return total;
  }

  /** sqrt of the sum of squared gradient entries over all trainable parameters. */
  public static double globalNorm(List<Parameter> parameters) {
    double sumOfSquares = 0;
    for (Parameter p : parameters) {
      if (p.trainable()) {
        sumOfSquares += p.gradSquaredSum();
      }
    }
    return Math.sqrt(sumOfSquares);
  }
}
