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

  @Override
  protected void update(int index, Parameter p, double rate, long step) {
    double[] value = values[index].toDoubles();
    double[] grad = gradients[index].toDoubles();
    double[] m = firstMoments[index];
    double[] v = secondMoments[index];
    double decay = p.decayed() ? 1 - rate * config.weightDecay() : 1;
    double b1 = config.beta1();
    double b2 = config.beta2();
    double stepSize = rate / (1 - Math.pow(b1, step));
    double correction = Math.sqrt(1 - Math.pow(b2, step));
    for (int i = 0; i < value.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * grad[i];
      v[i] = b2 * v[i] + (1 - b2) * grad[i] * grad[i];
      double denominator = Math.sqrt(v[i]) / correction + config.epsilon();
      value[i] = value[i] * decay - stepSize * m[i] / denominator;
    }
    values[index].fromDoubles(value);
  }
}
