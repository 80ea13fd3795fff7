package io.d2ora.core.round;

import java.util.Map;
import java.util.Optional;

/**
 * Which commitments count in a round: made by a participant holding at least the round's minimum
 * stake, in a block stamped no later than the commit deadline (checked here from the block's
 * timestamp, not only from the ledger's on-time flag). The runner and the verifier apply the same
 * rules, so their verdicts agree.
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
    if (p.stake().compareTo(round.minStake()) < 0) {
      return Optional.of(
          c.signer() + " holds stake " + p.stake() + ", below the minimum " + round.minStake());
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
}
