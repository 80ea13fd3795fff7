package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of re-checking a round ({@code d2ora verify round N}).
 *
 * @param round the round
 * @param verdict the overall finding
 * @param finalizedHash the aggregate hash on the ledger, if finalized
 * @param recomputedHash the aggregate recomputed over the finalized set, if it could be
 * @param included the finalized set of signers, ascending
 * @param finalization the proposal that reached the quorum, its proposer and attesters, if one did
 * @param proposals every proposal of the round with its attesters, in proposal order
 * @param settlement how the round was settled, if it was
 * @param contributors every commitment, ascending by signer, with its commit block's real timestamp
 * @param reasons why the verdict is not {@link Verdict#VALID} (empty when it is)
 * @param notes facts worth showing that do not change the verdict (excluded valid updates, losing
 *     proposals, slashed participants)
 */
public record VerificationReport(
    RoundId round,
    Verdict verdict,
    Optional<ContentHash> finalizedHash,
    Optional<ContentHash> recomputedHash,
    List<Address> included,
    Optional<Finalization> finalization,
    List<Proposal> proposals,
    Optional<Settlement> settlement,
    List<ContributorReport> contributors,
    List<String> reasons,
    List<String> notes) {

  /** The overall finding. */
  public enum Verdict {
    /** The finalized hash equals the recomputation over valid, on-time, staked commitments. */
    VALID,
    /** A mismatch: wrong hash, or the finalized set includes an update that does not count. */
    INVALID,
    /** No proposal reached the quorum (yet, or by the finalize deadline). */
    NOT_FINALIZED,
    /** Some included update could not be fetched, so the aggregate could not be recomputed. */
    INCOMPLETE,
    /** The ledger has no such round. */
    UNKNOWN_ROUND
  }

  public VerificationReport {
    Objects.requireNonNull(round, "round");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(finalizedHash, "finalizedHash");
    Objects.requireNonNull(recomputedHash, "recomputedHash");
    included = List.copyOf(included);
    Objects.requireNonNull(finalization, "finalization");
    proposals = List.copyOf(proposals);
    Objects.requireNonNull(settlement, "settlement");
    contributors = List.copyOf(contributors);
    reasons = List.copyOf(reasons);
    notes = List.copyOf(notes);
  }

  /** Whether the round verified. */
  public boolean valid() {
    return verdict == Verdict.VALID;
  }
}
