package io.d2ora.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * What a round is created with. Deadlines are block timestamps (seconds); an action is on time
 * while the block's timestamp is before the deadline. The creator funds {@code rewardPool}
 * (stake-token base units) and names the aggregator, who proposes first. Each participant's
 * commitment counts at most {@code sampleCap} samples; the round finalizes when one proposal has
 * attestations from {@code quorumBps} basis points of the committed participants ({@link
 * #DEFAULT_QUORUM} asks the contract for its default, two thirds). The contract checks the windows
 * and bounds ({@link RegistryLimits}) and names the violated one; this record only rejects values
 * the ABI cannot carry.
 */
public record RoundParams(
    Hash32 baseModelHash,
    Hash32 configHash,
    Instant joinDeadline,
    Instant commitDeadline,
    Instant finalizeDeadline,
    BigInteger minStake,
    int maxParticipants,
    long sampleCap,
    int quorumBps,
    BigInteger rewardPool,
    EthAddress aggregator) {
  /** {@code quorumBps} 0: the contract's {@code DEFAULT_QUORUM_BPS}. */
  public static final int DEFAULT_QUORUM = 0;

  private static final long UINT32_MAX = 0xFFFF_FFFFL;
  private static final BigInteger UINT128_LIMIT = BigInteger.ONE.shiftLeft(128);

  public RoundParams {
    Objects.requireNonNull(baseModelHash, "baseModelHash");
    Objects.requireNonNull(configHash, "configHash");
    Objects.requireNonNull(aggregator, "aggregator");
    for (Instant deadline : new Instant[] {joinDeadline, commitDeadline, finalizeDeadline}) {
      if (deadline.getEpochSecond() < 0 || deadline.getNano() != 0) {
        throw new IllegalArgumentException("expected whole epoch seconds, got " + deadline);
      }
    }
    uint128("minStake", minStake);
    uint128("rewardPool", rewardPool);
    if (maxParticipants < 0 || maxParticipants > 0xFFFF) {
      throw new IllegalArgumentException(
          "expected a uint16 participant cap, got " + maxParticipants);
    }
    if (sampleCap < 0 || sampleCap > UINT32_MAX) {
      throw new IllegalArgumentException("expected a uint32 sample cap, got " + sampleCap);
    }
    if (quorumBps < 0 || quorumBps > 0xFFFF) {
      throw new IllegalArgumentException("expected a uint16 quorum in bps, got " + quorumBps);
    }
  }

  private static void uint128(String name, BigInteger value) {
    if (value.signum() < 0 || value.compareTo(UINT128_LIMIT) >= 0) {
      throw new IllegalArgumentException(
          "expected %s in 0..2^128-1, got %s".formatted(name, value));
    }
  }
}
