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
    AFTER_PROPOSE_SENT,
    /** After the attestation intent is journaled, before the attestation is sent. */
    BEFORE_ATTEST_SENT,
    /** After the attestation is on the ledger, before the journal records it. */
    AFTER_ATTEST_SENT,
    AFTER_SETTLE_SENT
  }
}
