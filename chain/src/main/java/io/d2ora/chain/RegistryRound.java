package io.d2ora.chain;

import java.math.BigInteger;
import java.time.Instant;

/**
 * A round as the registry stores it ({@code getRound}). Named apart from the node core's {@code
 * RoundInfo}, which is the round as the round logic sees it (inclusive deadlines, core hashes).
 * Deadlines are exclusive: an action is on time while the block's timestamp is before them.
 *
 * @param committedCount committed, unslashed participants counted at the first proposal: the
 *     quorum's denominator (0 before any proposal)
 * @param finalizedProposal 1-based index of the proposal that reached the quorum, 0 while none has
 * @param aggregateHash the finalized proposal's aggregate hash, zero while none
 * @param forfeitPool penalties of silent participants: shared by the rewarded ones, or burned
 */
public record RegistryRound(
    long roundId,
    Hash32 baseModelHash,
    Hash32 configHash,
    EthAddress creator,
    EthAddress aggregator,
    Instant joinDeadline,
    Instant commitDeadline,
    Instant finalizeDeadline,
    BigInteger minStake,
    int maxParticipants,
    long sampleCap,
    int quorumBps,
    Status status,
    int participantCount,
    int committedCount,
    int proposalCount,
    int finalizedProposal,
    long createdBlock,
    long finalizedBlock,
    Hash32 aggregateHash,
    BigInteger rewardPool,
    BigInteger forfeitPool) {

  /** True once a proposal reached the quorum (the round may since have been settled). */
  public boolean finalized() {
    return finalizedProposal != 0;
  }

  /** Stored lifecycle; the time-based {@link Phase} comes from {@link RegistryViews#phase}. */
  public enum Status {
    NONE,
    OPEN,
    /** A proposal reached the quorum; not yet settled. */
    FINALIZED,
    /** Finalized and paid out. */
    SETTLED,
    /** Expired without quorum and closed: pool refunded to the creator, stakes released. */
    REFUNDED,
    /**
     * Settlement begun, not done: a round of more than {@code SETTLE_BATCH / 2} participants is
     * settled in several calls; nothing but further {@code settle} calls and slashing evidence is
     * accepted meanwhile.
     */
    SETTLING
  }

  /** What may happen next, at the time of the block read. */
  public enum Phase {
    NONE,
    /** Before the join deadline: join and commit. */
    JOINING,
    /** Before the commit deadline: commit. */
    COMMITTING,
    /** Before the finalize deadline, no quorum yet: propose and attest. */
    FINALIZING,
    /** Quorum reached, not settled (attestations for the winner count until the deadline). */
    FINALIZED,
    /** Finalize deadline passed without quorum: {@code settle} refunds and releases. */
    EXPIRED,
    SETTLED,
    REFUNDED
  }
}
