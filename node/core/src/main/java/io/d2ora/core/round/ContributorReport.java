package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Objects;

/**
 * One commitment of a verified round: who contributed what, with which sample count, in which
 * block, and whether it counts.
 *
 * @param signer the committing address
 * @param updateHash the committed hash
 * @param numSamples the committed sample count
 * @param blockNumber the block holding the commitment
 * @param blockTimestamp that block's timestamp, epoch seconds
 * @param included whether the finalization includes it
 * @param status whether its bytes were found, matched and validated
 * @param reasons why it was rejected or is unavailable (empty when accepted)
 */
public record ContributorReport(
    Address signer,
    ContentHash updateHash,
    long numSamples,
    long blockNumber,
    long blockTimestamp,
    boolean included,
    Status status,
    List<String> reasons) {

  /** What became of a commitment. */
  public enum Status {
    /** On time, by a staked participant, bytes found, hash matched, file valid. */
    ACCEPTED,
    /** Does not count: late, unstaked, not a participant, or invalid file. */
    REJECTED,
    /** No bytes matching the commitment could be found locally or on the network. */
    UNAVAILABLE
  }

  public ContributorReport {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(updateHash, "updateHash");
    Objects.requireNonNull(status, "status");
    reasons = List.copyOf(reasons);
  }
}
