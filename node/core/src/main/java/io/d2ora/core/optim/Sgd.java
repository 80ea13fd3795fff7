package io.d2ora.core.optim;

import io.d2ora.core.nn.Parameter;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with optional momentum and L2 weight decay, as {@code
 * torch.optim.SGD} with zero dampening: {@code g += wd·p; b = μ·b + g (b = g at step 1); p −=
 * lr·b}.
 */
public final class Sgd extends AbstractOptimizer {
  private final double momentum;
  private final double weightDecay;
  private final INDArray[] buffers;

  /**
   * @param momentum μ in [0, 1); 0 disables the momentum buffer
   * @param weightDecay L2 coefficient >= 0, added to the gradient of decayed parameters
   */
  public Sgd(
      List<Parameter> parameters,
      double momentum,
      double weightDecay,
      LearningRateSchedule schedule) {
    super(parameters, schedule);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum: expected a value in [0, 1), got " + momentum);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(
          "weightDecay: expected a finite value >= 0, got " + weightDecay);
    }
    this.momentum = momentum;
    this.weightDecay = weightDecay;
    this.buffers = new INDArray[this.parameters.size()];
  }

  @Override
  protected void update(int index, Parameter p, double rate, long step) {
    INDArray direction = p.grad();
    if (p.decayed() && weightDecay > 0) {
      direction = direction.add(p.value().mul(weightDecay));
    }
    if (momentum > 0) {
      if (buffers[index] == null) {
        buffers[index] = direction.dup();
      } else {
        buffers[index].muli(momentum).addi(direction);
      }
      direction = buffers[index];
    }
    p.value().subi(direction.mul(rate));
  }
}
