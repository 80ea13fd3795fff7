package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * A round as the ledger defines it. Deadlines are chain time (block timestamps, epoch seconds) and
 * inclusive: a commitment in a block whose timestamp equals {@code commitDeadline} is on time.
 *
 * @param id the round
 * @param baseModelHash hash of the base model the round fine-tunes
 * @param configHash hash of the round's training config (which names the aggregation strategy)
 * @param joinDeadline last second to join
 * @param commitDeadline last second to commit an update hash
 * @param finalizeDeadline last second to propose and attest; then the round is final or expired
 * @param minStake stake the round reserves for each participant at join (token base units)
 * @param participantCap most participants the round admits
 * @param sampleCap most training samples one commitment may claim
 * @param quorumBps share of the counted participants whose attestations finalize a proposal, in
 *     basis points
 * @param aggregator the address that proposes the round's aggregate first
 * @param phase the round's phase when this was read
 */
public record RoundInfo(
    RoundId id,
    ContentHash baseModelHash,
    ContentHash configHash,
    long joinDeadline,
    long commitDeadline,
    long finalizeDeadline,
    BigInteger minStake,
    int participantCap,
    long sampleCap,
    int quorumBps,
    Address aggregator,
    RoundPhase phase) {

  public RoundInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(baseModelHash, "baseModelHash");
    Objects.requireNonNull(configHash, "configHash");
    Objects.requireNonNull(minStake, "minStake");
    Objects.requireNonNull(aggregator, "aggregator");
    Objects.requireNonNull(phase, "phase");
    if (!(joinDeadline <= commitDeadline && commitDeadline <= finalizeDeadline)) {
      throw new IllegalArgumentException(
          "deadlines must be ordered join <= commit <= finalize, got "
              + joinDeadline
              + ", "
              + commitDeadline
              + ", "
              + finalizeDeadline);
    }
    if (participantCap < 1 || sampleCap < 1) {
      throw new IllegalArgumentException(
          "participantCap and sampleCap must be >= 1, got " + participantCap + ", " + sampleCap);
    }
    if (quorumBps < 1 || quorumBps > BPS) {
      throw new IllegalArgumentException("quorumBps must be in 1.." + BPS + ", got " + quorumBps);
    }
  }

  /** Basis points in a whole. */
  public static final int BPS = 10_000;

  /** Attestations a proposal needs when {@code counted} participants are counted (rounded up). */
  public int quorumOf(int counted) {
    return (int) Math.max(1, ((long) quorumBps * counted + BPS - 1) / BPS);
  }

  /** Whether a block with timestamp {@code epochSeconds} may still carry a commitment. */
  public boolean commitOpenAt(long epochSeconds) {
    return epochSeconds <= commitDeadline;
  }

  /** The instant after which no commitment can land any more. */
  public Instant commitClosesAfter() {
    return Instant.ofEpochSecond(commitDeadline + 1);
  }
}
