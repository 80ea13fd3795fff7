package io.d2ora.core.round;

/** Why the round logic asks the exchange to penalise a peer. */
public enum Offence {
  /**
   * Announced an update that contradicts the ledger (other hash, no commitment, not a participant).
   */
  FORGED_ANNOUNCEMENT,
  /** Served bytes whose hash differs from the hash requested. */
  HASH_MISMATCH,
  /** Served bytes that match the commitment but are not a valid update for the round. */
  INVALID_UPDATE,
  /**
   * Sent more announcements not yet backed by a commitment than a round holds for one peer (an
   * honest peer announces its own update once); the excess was dropped.
   */
  ANNOUNCEMENT_FLOOD
}
