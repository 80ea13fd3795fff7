package io.d2ora.core.train;

import io.d2ora.core.InputFaultException;

/**
 * Training produced a non-finite loss or gradient; names the step and the loss so the run can be
 * repeated with a lower learning rate. The hyper-parameters (a user choice) are at fault.
 */
public class TrainingDivergedException extends InputFaultException {
  private static final long serialVersionUID = 1L;
  private final long step;
  private final double loss;

  public TrainingDivergedException(long step, double loss, Throwable cause) {
    super(
        "training diverged at step "
            + step
            + " (loss "
            + loss
            + "); lower learning_rate or set max_grad_norm",
        cause);
    this.step = step;
    this.loss = loss;
  }

  public long step() {
    return step;
  }

  public double loss() {
    return loss;
  }
}
