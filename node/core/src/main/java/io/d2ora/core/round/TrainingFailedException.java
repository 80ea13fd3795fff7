package io.d2ora.core.round;

import io.d2ora.core.InputFaultException;

/**
 * Local training produced no update: this node's round config, data or base model does not fit the
 * round, or training diverged. The node's own inputs are at fault; it sits the round out as an
 * observer and still verifies the others' updates and the finalization.
 */
public class TrainingFailedException extends InputFaultException {
  private static final long serialVersionUID = 1L;

  public TrainingFailedException(String message) {
    super(message);
  }

  public TrainingFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
