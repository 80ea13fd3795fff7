package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * An aggregate proposed as a round's result, with the attestations it gathered. The aggregator and
 * every committed participant may propose once; each committed participant attests at most one
 * proposal of the round. A proposal is final once its attestations reach {@link #quorum()}; with a
 * quorum above half of the counted participants at most one proposal of a round can.
 *
 * @param index the proposal's number in the round, from 1 in proposal order
 * @param aggregateHash hash of the proposed aggregate file
 * @param included signers whose updates the aggregate includes, ascending (the aggregation order)
 * @param proposer who proposed it
 * @param blockNumber the block that holds the proposal
 * @param attesters participants who attested it, ascending
 * @param attestations the attestations that count towards its quorum (a participant slashed for
 *     equivocation before the quorum was reached no longer counts)
 * @param quorum attestations it needs to be final
 * @param counted committed, unslashed participants when the round's first proposal was made (the
 *     quorum's denominator; when all of them attested the winner the round may settle at once)
 * @param quorumBlock the block in which it reached the quorum, if it did
 */
public record Proposal(
    int index,
    ContentHash aggregateHash,
    List<Address> included,
    Address proposer,
    long blockNumber,
    List<Address> attesters,
    int attestations,
    int quorum,
    int counted,
    OptionalLong quorumBlock) {

  public Proposal {
    Objects.requireNonNull(aggregateHash, "aggregateHash");
    Objects.requireNonNull(proposer, "proposer");
    Objects.requireNonNull(quorumBlock, "quorumBlock");
    included = List.copyOf(included).stream().sorted().toList();
    attesters = List.copyOf(attesters).stream().sorted().toList();
    if (index < 1 || quorum < 1 || counted < 0 || attestations < 0) {
      throw new IllegalArgumentException(
          "index and quorum must be >= 1, counted and attestations >= 0, got "
              + index
              + ", "
              + quorum
              + ", "
              + counted
              + ", "
              + attestations);
    }
  }

  /** Whether its attestations reached the quorum: the round's result. */
  public boolean finalized() {
    return quorumBlock.isPresent();
  }

  /** Whether it proposes {@code hash} over exactly {@code signers} (any order). */
  public boolean proposes(ContentHash hash, List<Address> signers) {
    return aggregateHash.equals(hash) && included.equals(signers.stream().sorted().toList());
  }
}
