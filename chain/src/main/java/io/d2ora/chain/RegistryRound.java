package io.d2ora.chain;

import java.math.BigInteger;
import java.time.Instant;

/**
 * A round as the registry stores it ({@code getRound}). Named apart from the node core's {@code
 * RoundInfo}, which is the round as the round logic sees it (inclusive deadlines, core hashes).
 */
public record RegistryRound(
    long roundId,
    Hash32 baseModelHash,
    Hash32 configHash,
    Instant joinDeadline,
    Instant commitDeadline,
    Instant finalizeDeadline,
    int maxParticipants,
    int participantCount,
    Status status,
    EthAddress creator,
    EthAddress aggregator,
    long finalizedBlock,
    Hash32 aggregateHash,
    BigInteger minStake,
    BigInteger rewardPool,
    BigInteger includedSamples) {

  /** Stored lifecycle; the time-based {@link Phase} comes from {@link ChainReader#phase}. */
  public enum Status {
    NONE,
    OPEN,
    FINALIZED,
    SETTLED
  }

  /** What may happen next, at the chain's current time. */
  public enum Phase {
    NONE,
    JOINING,
    COMMITTING,
    FINALIZING,
    FINALIZED,
    EXPIRED,
    SETTLED
  }
}
