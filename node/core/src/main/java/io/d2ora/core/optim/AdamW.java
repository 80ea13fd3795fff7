package io.d2ora.core.optim;

import io.d2ora.core.nn.NativeMatrix;
import io.d2ora.core.nn.Parameter;
import io.d2ora.core.nn.Tensors;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019, arXiv:1711.05101, Algorithm 2),
 * matching {@code torch.optim.AdamW}:
 *
 * <pre>
 *   p   *= 1 − lr·wd
 *   m    = β1·m + (1 − β1)·g
 *   v    = β2·v + (1 − β2)·g²
 *   p   −= lr / (1 − β1^t) · m / (sqrt(v) / sqrt(1 − β2^t) + ε)
 * </pre>
 *
 * computed in float64 on the host, the moments kept there in float64 (PyTorch keeps them in the
 * parameter's type; the difference is float32 rounding). A step reads and writes each parameter
 * once and allocates no native memory.
 */
public final class AdamW extends AbstractOptimizer {
  private final AdamWConfig config;
  private final double[][] firstMoments;
  private final double[][] secondMoments;
  private final NativeMatrix[] values;
  private final NativeMatrix[] gradients;
  private long priorSteps;

  public AdamW(List<Parameter> parameters, AdamWConfig config, LearningRateSchedule schedule) {
    super(parameters, schedule);
    this.config = config;
    int count = this.parameters.size();
    firstMoments = new double[count][];
    secondMoments = new double[count][];
    values = new NativeMatrix[count];
    gradients = new NativeMatrix[count];
    for (int i = 0; i < count; i++) {
      Parameter p = this.parameters.get(i);
      int size = Math.toIntExact(p.value().length());
      firstMoments[i] = new double[size];
      secondMoments[i] = new double[size];
      values[i] = NativeMatrix.of(Tensors.requireRowMajor(p.value(), p.name()).reshape(size));
      gradients[i] = NativeMatrix.of(p.grad().reshape(size));
    }
  }

  public AdamWConfig config() {
    return config;
  }

  /** The moments after the steps so far, counting the steps of a {@link #resume}d state. */
  public AdamWState state(String tag) {
    List<String> names = parameters.stream().map(Parameter::name).toList();
    List<double[]> first = java.util.Arrays.stream(firstMoments).map(double[]::clone).toList();
    List<double[]> second = java.util.Arrays.stream(secondMoments).map(double[]::clone).toList();
    return new AdamWState(tag, priorSteps + stepCount(), names, first, second);
  }

  /**
   * Continues from {@code state}: its moments, and bias correction from its step count. Call before
   * the first step.
   *
   * @throws IllegalArgumentException if the state's parameters (names, order, sizes) are not this
   *     optimizer's; nothing is changed
   */
  public void resume(AdamWState state) {
    if (stepCount() != 0) {
      throw new IllegalStateException("resume: expected a fresh optimizer, got " + stepCount());
    }
    List<String> names = parameters.stream().map(Parameter::name).toList();
    if (!state.names().equals(names)) {
      throw new IllegalArgumentException(
          "optimizer state: parameters differ ("
              + state.names().size()
              + " vs "
              + names.size()
              + ")");
    }
    for (int i = 0; i < names.size(); i++) {
      if (state.first().get(i).length != firstMoments[i].length) {
        throw new IllegalArgumentException(
            "optimizer state: "
                + names.get(i)
                + " has "
                + state.first().get(i).length
                + " moments, expected "
                + firstMoments[i].length);
      }
    }
    for (int i = 0; i < names.size(); i++) {
      System.arraycopy(state.first().get(i), 0, firstMoments[i], 0, firstMoments[i].length);
      System.arraycopy(state.second().get(i), 0, secondMoments[i], 0, secondMoments[i].length);
    }
    priorSteps = state.steps();
  }

  @Override
  protected void update(int index, Parameter p, double rate, long step) {
    double[] value = values[index].toDoubles();
    double[] grad = gradients[index].toDoubles();
    double[] m = firstMoments[index];
    double[] v = secondMoments[index];
    double decay = p.decayed() ? 1 - rate * config.weightDecay() : 1;
    double b1 = config.beta1();
    double b2 = config.beta2();
    long t = priorSteps + step;
    double stepSize = rate / (1 - Math.pow(b1, t));
    double correction = Math.sqrt(1 - Math.pow(b2, t));
    for (int i = 0; i < value.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * grad[i];
      v[i] = b2 * v[i] + (1 - b2) * grad[i] * grad[i];
      double denominator = Math.sqrt(v[i]) / correction + config.epsilon();
      value[i] = value[i] * decay - stepSize * m[i] / denominator;
    }
    values[index].fromDoubles(value);
  }
}
