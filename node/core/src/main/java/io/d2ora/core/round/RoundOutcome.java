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
 * @param finalizedHash the aggregate hash of the proposal that reached the quorum, if one did
 * @param localHash the aggregate this node computed over the updates it verified, if it computed
 *     one
 * @param included signers in the finalized (or else the locally computed) aggregate, ascending
 * @param detail a human-readable explanation (with how the round was settled)
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
    /** This node's proposal reached the quorum. */
    FINALIZED,
    /** Another proposal reached the quorum, and this node's recomputation agrees with it. */
    VERIFIED,
    /**
     * A proposal this node declined (its recomputation differs, or the proposal leaves out an
     * update it verified) reached the quorum without it.
     */
    OUTVOTED,
    /** This node did not take part (not a participant, join deadline passed, no such round). */
    SKIPPED,
    /** No update could be verified; nothing to aggregate. */
    NO_UPDATES,
    /** No proposal reached the quorum by the finalize deadline. */
    EXPIRED,
    /** The winning proposal includes updates this node could not fetch; it cannot tell. */
    UNVERIFIABLE,
    /** The node could not go on: its aggregation failed on updates it had validated. */
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
