package io.d2ora.chain;

import java.math.BigInteger;
import java.time.Instant;

/** A round as the registry stores it ({@code getRound}). */
public record RoundInfo(
    long roundId,
    Hash32 baseModelHash,
    Hash32 configHash,
    Instant joinDeadline,
    Instant commitDeadline,
    Instant finalizeDeadline,
    int maxParticipants,
    int participantCount,
    RoundStatus status,
    Address creator,
    Address aggregator,
    long finalizedBlock,
    Hash32 aggregateHash,
    BigInteger minStake,
    BigInteger rewardPool,
    BigInteger includedSamples) {

  /** Stored lifecycle; the time-based {@link RoundPhase} comes from {@link ChainClient#phase}. */
  public enum RoundStatus {
    NONE,
    OPEN,
    FINALIZED,
    SETTLED
  }

  /** What may happen next, at the chain's current time. */
  public enum RoundPhase {
    NONE,
    JOINING,
    COMMITTING,
    FINALIZING,
    FINALIZED,
    EXPIRED,
    SETTLED
  }
}
