package io.d2ora.core.round;

/** Where a round stands on the ledger. Deadlines are inclusive: at the deadline it still holds. */
public enum RoundPhase {
  /** Accepting joins (until the join deadline). */
  JOINING,
  /** Joins closed; accepting commitments (until the commit deadline). */
  COMMITTING,
  /** Commitments closed; waiting for the aggregator to finalize (until the finalize deadline). */
  AGGREGATING,
  /** Finalized with an aggregate hash. */
  FINALIZED,
  /** The finalize deadline passed without a finalization. */
  EXPIRED
}
