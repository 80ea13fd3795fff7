package io.d2ora.chain;

import java.util.Optional;

/**
 * One participant of one round. {@code updateHash}, {@code numSamples} and {@code commitBlock} are
 * set once it has committed; {@code included} once the round is finalized with its update.
 */
public record RegistryParticipant(
    long roundId,
    EthAddress account,
    Status status,
    boolean included,
    boolean slashed,
    boolean disputed,
    int index,
    long numSamples,
    long commitBlock,
    Optional<Hash32> updateHash) {

  public enum Status {
    NONE,
    JOINED,
    COMMITTED,
    FORFEITED
  }

  /** The commitment, when there is one. */
  public Optional<RegistryCommitment> commitment() {
    return updateHash.map(
        h -> new RegistryCommitment(roundId, account, h, numSamples, commitBlock));
  }
}
