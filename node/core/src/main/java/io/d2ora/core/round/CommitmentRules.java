package io.d2ora.core.round;

import java.util.Map;
import java.util.Optional;

/**
 * Which commitments count in a round: made by a participant for whom the round reserved at least
 * its minimum stake at join, claiming no more samples than the round's cap, in a block stamped no
 * later than the commit deadline (checked here from the commit block's timestamp, not only from the
 * ledger's on-time flag). The contract enforces all three; they are checked again because a
 * verifier trusts no node's answers. Both are facts of the round's own blocks, so the runner and
 * the verifier, applying the same rules at any later time, agree.
 */
final class CommitmentRules {
  private CommitmentRules() {}

  /** Why {@code c} does not count, or empty if it does. */
  static Optional<String> violation(
      Commitment c, RoundInfo round, Map<Address, Participant> participants) {
    Participant p = participants.get(c.signer());
    if (p == null) {
      return Optional.of(c.signer() + " is not a participant of round " + round.id());
    }
    if (p.reservedStake().compareTo(round.minStake()) < 0) {
      return Optional.of(
          c.signer()
              + " had stake "
              + p.reservedStake()
              + " reserved at join, below the minimum "
              + round.minStake());
    }
    if (c.numSamples() > round.sampleCap()) {
      return Optional.of(
          c.signer()
              + " claims "
              + c.numSamples()
              + " samples, above the round's cap "
              + round.sampleCap());
    }
    if (!c.onTime() || !round.commitOpenAt(c.blockTimestamp())) {
      return Optional.of(
          c.signer()
              + " committed at "
              + c.blockTimestamp()
              + " (block "
              + c.blockNumber()
              + "), after the commit deadline "
              + round.commitDeadline());
    }
    return Optional.empty();
  }

  /**
   * Why a running round leaves {@code c} out: a {@link #violation}, or its signer was slashed in
   * the round (the ledger refuses a proposal that includes a slashed participant).
   */
  static Optional<String> exclusion(
      Commitment c, RoundInfo round, Map<Address, Participant> participants) {
    Optional<String> violation = violation(c, round, participants);
    if (violation.isPresent()) {
      return violation;
    }
    if (participants.get(c.signer()).slashed()) {
      return Optional.of(c.signer() + " was slashed in round " + round.id());
    }
    return Optional.empty();
  }
}
