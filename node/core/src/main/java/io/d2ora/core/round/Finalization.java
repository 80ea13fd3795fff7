package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Objects;

/**
 * How a round was finalized on the ledger: the proposal whose attestations reached the quorum, and
 * the block in which they did.
 *
 * @param proposal the winning proposal
 * @param blockNumber the block in which it reached the quorum
 * @param blockTimestamp that block's timestamp, epoch seconds
 */
public record Finalization(Proposal proposal, long blockNumber, long blockTimestamp) {
  public Finalization {
    Objects.requireNonNull(proposal, "proposal");
  }

  /** Hash of the round's aggregate file. */
  public ContentHash aggregateHash() {
    return proposal.aggregateHash();
  }

  /** Signers whose updates the aggregate includes, ascending. */
  public List<Address> included() {
    return proposal.included();
  }

  /** Who proposed the winning aggregate. */
  public Address proposer() {
    return proposal.proposer();
  }

  /** Who attested it, ascending. */
  public List<Address> attesters() {
    return proposal.attesters();
  }
}
