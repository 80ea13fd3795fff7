package io.d2ora.core.optim;

import io.d2ora.core.nn.Parameter;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

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
 * The moments and the step come from libnd4j's fused {@code adam_updater}, which computes {@code
 * lr·sqrt(1 − β2^t) / (1 − β1^t) · m / (sqrt(v) + ε̂)}; passing {@code ε̂ = ε·sqrt(1 − β2^t)} makes
 * that algebraically equal to PyTorch's form above. State and one update buffer per parameter are
 * allocated once; a step allocates nothing.
 */
public final class AdamW extends AbstractOptimizer {
  private final AdamWConfig config;
  private final INDArray[] firstMoments;
  private final INDArray[] secondMoments;
  private final INDArray[] updates;

  public AdamW(List<Parameter> parameters, AdamWConfig config, LearningRateSchedule schedule) {
    super(parameters, schedule);
    this.config = config;
    int count = this.parameters.size();
    firstMoments = new INDArray[count];
    secondMoments = new INDArray[count];
    updates = new INDArray[count];
    for (int i = 0; i < count; i++) {
      INDArray value = this.parameters.get(i).value();
      firstMoments[i] = value.ulike().assign(0);
      secondMoments[i] = value.ulike().assign(0);
      updates[i] = value.ulike();
    }
  }

  public AdamWConfig config() {
    return config;
  }

  @Override
  protected void update(int index, Parameter p, double rate, long step) {
    INDArray value = p.value();
    if (p.decayed() && config.weightDecay() > 0) {
      value.muli(1 - rate * config.weightDecay());
    }
    INDArray m = firstMoments[index];
    INDArray v = secondMoments[index];
    double epsilonHat = config.epsilon() * Math.sqrt(1 - Math.pow(config.beta2(), step));
    Nd4j.exec(
        new AdamUpdater(
            p.grad(),
            v,
            m,
            updates[index],
            v,
            m,
            rate,
            config.beta1(),
            config.beta2(),
            epsilonHat,
            Math.toIntExact(step - 1)));
    value.subi(updates[index]);
  }
}
