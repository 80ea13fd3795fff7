package io.d2ora.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * One participant of one round with the facts of its own blocks: the stake it reserved when it
 * joined (and that join's block and time), its commitment's block and time, and its attestation.
 * None of it changes when the account later unstakes, so a verdict built on it stays the same.
 *
 * @param released the round's reservation was returned (or taken by a slash)
 * @param proposed it made a proposal in this round
 * @param numSamples its committed sample count as the chain reports it (a {@code uint64}; may
 *     exceed {@code Long.MAX_VALUE} on a hostile chain, see {@link #numSamplesExact()})
 * @param attestedProposal the 1-based proposal index it attested, 0 for none
 * @param updateHash its committed update hash, once committed
 */
public record RegistryParticipant(
    long roundId,
    EthAddress account,
    Status status,
    boolean slashed,
    boolean released,
    boolean proposed,
    int index,
    BigInteger numSamples,
    long commitBlock,
    Instant commitTime,
    int attestedProposal,
    long attestBlock,
    BigInteger reservedStake,
    long joinBlock,
    Instant joinTime,
    Optional<Hash32> updateHash) {

  public enum Status {
    NONE,
    JOINED,
    COMMITTED,
    /** Joined, never committed, penalised. */
    FORFEITED
  }

  /** The sample count as a {@code long}, empty when it does not fit (a rule violation). */
  public java.util.OptionalLong numSamplesExact() {
    return Uint64.exact(numSamples);
  }

  public boolean attested() {
    return attestedProposal != 0;
  }

  /** The commitment, when there is one. */
  public Optional<RegistryCommitment> commitment() {
    return updateHash.map(
        h -> new RegistryCommitment(roundId, account, h, numSamples, commitBlock, commitTime));
  }
}
