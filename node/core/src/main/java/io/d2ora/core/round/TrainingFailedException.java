package io.d2ora.core.round;

/**
 * Local training produced no update (no data, diverged, out of memory). The node then sits the
 * round out as an observer: it still verifies the others' updates and the finalization.
 */
public class TrainingFailedException extends RoundException {
  private static final long serialVersionUID = 1L;

  public TrainingFailedException(String message) {
    super(message);
  }

  public TrainingFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
