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
 * @param finalizeDeadline last second for the aggregator to finalize
 * @param minStake stake a participant must hold (token base units)
 * @param participantCap most participants the round admits
 * @param aggregator the address that finalizes the round
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
    if (participantCap < 1) {
      throw new IllegalArgumentException("participantCap must be >= 1, got " + participantCap);
    }
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
