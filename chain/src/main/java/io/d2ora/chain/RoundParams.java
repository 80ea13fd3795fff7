package io.d2ora.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * What a round is created with. Deadlines are block timestamps (seconds); an action is on time
 * while the block's timestamp is before the deadline. The creator funds {@code rewardPool}
 * (stake-token base units) and names the aggregator, the only account that may finalize the round.
 */
public record RoundParams(
    Hash32 baseModelHash,
    Hash32 configHash,
    Instant joinDeadline,
    Instant commitDeadline,
    Instant finalizeDeadline,
    BigInteger minStake,
    int maxParticipants,
    BigInteger rewardPool,
    EthAddress aggregator) {

  public RoundParams {
    Objects.requireNonNull(baseModelHash, "baseModelHash");
    Objects.requireNonNull(configHash, "configHash");
    Objects.requireNonNull(aggregator, "aggregator");
    if (!joinDeadline.isAfter(Instant.EPOCH)
        || commitDeadline.isBefore(joinDeadline)
        || !finalizeDeadline.isAfter(commitDeadline)) {
      throw new IllegalArgumentException(
          "expected join <= commit < finalize deadlines, got join=%s commit=%s finalize=%s"
              .formatted(joinDeadline, commitDeadline, finalizeDeadline));
    }
    if (minStake.signum() < 0 || rewardPool.signum() < 0) {
      throw new IllegalArgumentException(
          "expected non-negative minStake and rewardPool, got %s and %s"
              .formatted(minStake, rewardPool));
    }
    if (maxParticipants < 1 || maxParticipants > 256) {
      throw new IllegalArgumentException("expected 1..256 participants, got " + maxParticipants);
    }
  }
}
