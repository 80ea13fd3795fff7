package io.d2ora.core.optim;

import io.d2ora.core.nn.Parameter;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019, arXiv:1711.05101, Algorithm 2) in
 * the exact operation order of {@code torch.optim.AdamW} (single-tensor path):
 *
 * <pre>
 *   p   *= 1 − lr·wd
 *   m    = β1·m + (1 − β1)·g
 *   v    = β2·v + (1 − β2)·g²
 *   p   −= lr / (1 − β1^t) · m / (sqrt(v) / sqrt(1 − β2^t) + ε)
 * </pre>
 *
 * State and one scratch buffer per parameter are allocated once; a step allocates nothing.
 */
public final class AdamW extends AbstractOptimizer {
  private final AdamWConfig config;
  private final INDArray[] firstMoments;
  private final INDArray[] secondMoments;
  private final INDArray[] scratch;

  public AdamW(List<Parameter> parameters, AdamWConfig config, LearningRateSchedule schedule) {
    super(parameters, schedule);
    this.config = config;
    int count = this.parameters.size();
    firstMoments = new INDArray[count];
    secondMoments = new INDArray[count];
    scratch = new INDArray[count];
    for (int i = 0; i < count; i++) {
      INDArray value = this.parameters.get(i).value();
      firstMoments[i] = value.ulike().assign(0);
      secondMoments[i] = value.ulike().assign(0);
      scratch[i] = value.ulike();
    }
  }

  public AdamWConfig config() {
    return config;
  }

  @Override
  protected void update(int index, Parameter p, double rate, long step) {
    INDArray value = p.value();
    INDArray grad = p.grad();
    INDArray m = firstMoments[index];
    INDArray v = secondMoments[index];
    INDArray tmp = scratch[index];
    if (p.decayed() && config.weightDecay() > 0) {
      value.muli(1 - rate * config.weightDecay());
    }
    m.muli(config.beta1()).addi(tmp.assign(grad).muli(1 - config.beta1()));
    v.muli(config.beta2()).addi(tmp.assign(grad).muli(grad).muli(1 - config.beta2()));
    double correction1 = 1 - Math.pow(config.beta1(), step);
    double correction2 = 1 - Math.pow(config.beta2(), step);
    Transforms.sqrt(tmp.assign(v), false).divi(Math.sqrt(correction2)).addi(config.epsilon());
    value.subi(tmp.rdivi(m).muli(rate / correction1));
  }
}
