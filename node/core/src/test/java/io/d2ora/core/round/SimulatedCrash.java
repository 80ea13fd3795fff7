package io.d2ora.core.round;

/** Thrown by test ports to kill a runner mid-step, as a process kill would. Never caught by it. */
final class SimulatedCrash extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SimulatedCrash(CrashPoint point) {
    super("simulated crash " + point);
  }

  /** Where a test node can be killed. */
  enum CrashPoint {
    AFTER_JOIN_SENT,
    DURING_TRAINING,
    AFTER_COMMIT_SENT,
    BEFORE_ANNOUNCE,
    DURING_FETCH,
    DURING_AGGREGATION,
    AFTER_FINALIZE_SENT,
    AFTER_DISPUTE_SENT
  }
}
