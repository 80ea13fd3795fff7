package io.d2ora.core.round;

/** Where a round stands on the ledger. Deadlines are inclusive: at the deadline it still holds. */
public enum RoundPhase {
  /** Accepting joins (until the join deadline). */
  JOINING,
  /** Joins closed; accepting commitments (until the commit deadline). */
  COMMITTING,
  /** Commitments closed; proposals and attestations (until the finalize deadline). */
  AGGREGATING,
  /** A proposal reached the quorum; the round awaits settlement. */
  FINALIZED,
  /** The finalize deadline passed without a quorum; the round awaits its refund. */
  EXPIRED,
  /** Finalized and settled: rewards paid, every reservation released. */
  SETTLED,
  /** Expired and closed: the pool refunded, every reservation released. */
  REFUNDED;

  /** Whether a proposal of the round reached the quorum. */
  public boolean finalized() {
    return this == FINALIZED || this == SETTLED;
  }
}
