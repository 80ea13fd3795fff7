package io.d2ora.core.round;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A round's participant as the ledger recorded it when it joined: the stake the round reserved for
 * it then (token base units) and the join's block. These are facts of the round's own blocks: a
 * later unstake does not change them, so a verifier reading them years later sees what the round
 * saw.
 *
 * @param address the participant's signing address
 * @param reservedStake the stake reserved at join (the round's minimum stake)
 * @param joinBlock the block that holds the join
 * @param joinTime that block's timestamp, epoch seconds
 * @param slashed whether the participant was slashed in this round (for equivocation): it can no
 *     longer be included, propose, attest or be rewarded
 */
public record Participant(
    Address address, BigInteger reservedStake, long joinBlock, long joinTime, boolean slashed) {
  public Participant {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(reservedStake, "reservedStake");
    if (reservedStake.signum() < 0 || joinBlock < 0) {
      throw new IllegalArgumentException(
          "reservedStake and joinBlock must be >= 0, got " + reservedStake + ", " + joinBlock);
    }
  }
}
