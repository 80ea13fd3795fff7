package io.d2ora.core.optim;

import io.d2ora.core.nn.Parameter;
import java.util.List;

/**
 * Updates trainable parameters in place from their accumulated gradients.
 *
 * <p>Per step: zero grads, forward, backward, optionally {@link GradientClipping#clipGlobalNorm},
 * then {@link #step()}. The learning rate of a step is {@code schedule.rate(stepCount())} read
 * before the step, as PyTorch's LambdaLR does. Deterministic (no randomness); not thread-safe.
 */
public interface Optimizer {

  /**
   * Applies one update to every trainable parameter and advances {@link #stepCount()}.
   *
   * @throws io.d2ora.core.nn.NumericalException if a gradient holds NaN or Inf; nothing is updated
   */
  void step();

  /** Zeroes the gradients of all parameters. */
  default void zeroGrad() {
    parameters().forEach(Parameter::zeroGrad);
  }

  /** The trainable parameters this optimizer updates, in registration order. */
  List<Parameter> parameters();

  /** Number of completed steps. */
  long stepCount();

  /** The learning rate the next {@link #step()} will use. */
  double learningRate();
}
