package io.d2ora.core.nn;

import io.d2ora.core.InputFaultException;

/**
 * Training diverged: a tensor holds NaN or Inf. Names the tensor, the stage (forward, backward,
 * optimizer) and the step, so the fault can be traced to data or hyper-parameters rather than to a
 * bug in the caller.
 */
public class NumericalException extends InputFaultException {
  private static final long serialVersionUID = 1L;

  private final String tensor;
  private final String stage;
  private final long step;

  public NumericalException(String tensor, String stage, long step) {
    super(
        "non-finite values (NaN or Inf) in "
            + tensor
            + " during "
            + stage
            + " at step "
            + step
            + "; lower the learning rate, enable gradient clipping or check the input data");
    this.tensor = tensor;
    this.stage = stage;
    this.step = step;
  }

  public String tensor() {
    return tensor;
  }

  public String stage() {
    return stage;
  }

  public long step() {
    return step;
  }
}
