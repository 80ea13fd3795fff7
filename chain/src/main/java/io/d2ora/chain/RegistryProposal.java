package io.d2ora.chain;

import java.math.BigInteger;
import java.util.List;

/**
 * A proposed result of a round: aggregate hash and included set, who proposed it, who attested it
 * and whether it reached the quorum.
 *
 * @param index 1-based, in proposal order
 * @param includedSetHash keccak256 of the included addresses, ascending, each left-padded to 32
 *     bytes ({@link IncludedSet#hash})
 * @param attestations counted attestations (an attester slashed before the quorum stops counting)
 * @param quorum attestations needed: {@code ceil(quorumBps * committedCount / 10000)}
 * @param quorumBlock block in which it reached the quorum (the round's finalization), 0 before
 * @param includedSamples sum of the included participants' sample counts ({@code uint64})
 * @param included the included participants, ascending: the aggregation order
 * @param attesters the participants whose attestation names this proposal, in join order
 */
public record RegistryProposal(
    long roundId,
    int index,
    Hash32 aggregateHash,
    Hash32 includedSetHash,
    EthAddress proposer,
    long proposedBlock,
    int attestations,
    int quorum,
    long quorumBlock,
    BigInteger includedSamples,
    List<EthAddress> included,
    List<EthAddress> attesters) {

  public RegistryProposal {
    included = List.copyOf(included);
    attesters = List.copyOf(attesters);
  }

  /** True once its attestations reached the quorum: the round's result. */
  public boolean reachedQuorum() {
    return quorumBlock != 0;
  }
}
