package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a round ended for this node.
 *
 * @param round the round
 * @param result the ending
 * @param finalizedHash the aggregate hash the round was finalized with, if it was
 * @param localHash the aggregate this node computed (its own, or its recomputation of the finalized
 *     set), if it computed one
 * @param included signers in the finalized (or else the locally computed) aggregate, ascending
 * @param detail a human-readable explanation
 */
public record RoundOutcome(
    RoundId round,
    Result result,
    Optional<ContentHash> finalizedHash,
    Optional<ContentHash> localHash,
    List<Address> included,
    String detail) {

  /** The ways a round ends. */
  public enum Result {
    /** This node was the aggregator and finalized the round. */
    FINALIZED,
    /** The finalization matches this node's recomputation. */
    VERIFIED,
    /** The finalization differs from this node's recomputation; a dispute was filed. */
    DISPUTED,
    /** This node did not take part (not a participant, join deadline passed, no such round). */
    SKIPPED,
    /** No update could be verified; nothing to aggregate. */
    NO_UPDATES,
    /** No finalization appeared before the finalize deadline (plus grace). */
    UNFINALIZED,
    /** The finalization includes updates this node could not fetch; it cannot tell. */
    UNVERIFIABLE,
    /** The node gave up: the ledger stayed unreachable or refused a needed write. */
    FAILED
  }

  public RoundOutcome {
    Objects.requireNonNull(round, "round");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(finalizedHash, "finalizedHash");
    Objects.requireNonNull(localHash, "localHash");
    included = List.copyOf(included);
    Objects.requireNonNull(detail, "detail");
  }

  /** The aggregate the next round starts from: the finalized one, if this node accepts it. */
  public Optional<ContentHash> nextStart() {
    return result == Result.FINALIZED || result == Result.VERIFIED
        ? finalizedHash
        : Optional.empty();
  }
}
