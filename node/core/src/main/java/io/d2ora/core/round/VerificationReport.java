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
 * @param contributors every commitment, ascending by signer
 * @param reasons why the verdict is not {@link Verdict#VALID} (empty when it is)
 * @param notes facts worth showing that do not change the verdict (excluded valid updates, disputes
 *     on record)
 */
public record VerificationReport(
    RoundId round,
    Verdict verdict,
    Optional<ContentHash> finalizedHash,
    Optional<ContentHash> recomputedHash,
    List<Address> included,
    List<ContributorReport> contributors,
    List<String> reasons,
    List<String> notes) {

  /** The overall finding. */
  public enum Verdict {
    /** The finalized hash equals the recomputation over valid, on-time, staked commitments. */
    VALID,
    /** A mismatch: wrong hash, or the finalized set includes an update that does not count. */
    INVALID,
    /** The round is not finalized (yet). */
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
    contributors = List.copyOf(contributors);
    reasons = List.copyOf(reasons);
    notes = List.copyOf(notes);
  }

  /** Whether the round verified. */
  public boolean valid() {
    return verdict == Verdict.VALID;
  }
}
