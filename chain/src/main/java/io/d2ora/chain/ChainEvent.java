package io.d2ora.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * A registry event, decoded; every event carries the block and transaction it was emitted in.
 * Sample counts are {@code uint64} as the chain reports them ({@link Uint64#exact}).
 */
public sealed interface ChainEvent {
  /** Where the event was emitted. */
  record Origin(long blockNumber, Hash32 transactionHash, long logIndex) {}

  Origin origin();

  record PeerRegistered(
      Origin origin, EthAddress account, String peerIdHex, List<String> multiaddrs, String proofHex)
      implements ChainEvent {}

  record Staked(Origin origin, EthAddress account, BigInteger amount, BigInteger totalStaked)
      implements ChainEvent {}

  record UnstakeRequested(
      Origin origin, EthAddress account, BigInteger amount, BigInteger unbonding, Instant releaseAt)
      implements ChainEvent {}

  record Withdrawn(Origin origin, EthAddress account, BigInteger amount) implements ChainEvent {}

  record RoundCreated(Origin origin, long roundId, EthAddress creator, RoundParams params)
      implements ChainEvent {}

  record Joined(
      Origin origin, long roundId, EthAddress participant, int index, BigInteger reservedStake)
      implements ChainEvent {}

  record UpdateCommitted(
      Origin origin, long roundId, EthAddress signer, Hash32 updateHash, BigInteger numSamples)
      implements ChainEvent {}

  record AggregateProposed(
      Origin origin,
      long roundId,
      int proposalIndex,
      EthAddress proposer,
      Hash32 aggregateHash,
      Hash32 includedSetHash,
      List<EthAddress> included,
      BigInteger includedSamples)
      implements ChainEvent {}

  /** {@code attestations}: the proposal's counted attestations after this one. */
  record Attested(
      Origin origin, long roundId, EthAddress attester, int proposalIndex, int attestations)
      implements ChainEvent {}

  record RoundFinalized(
      Origin origin, long roundId, int proposalIndex, Hash32 aggregateHash, int attestations)
      implements ChainEvent {}

  record RewardPaid(Origin origin, long roundId, EthAddress participant, BigInteger amount)
      implements ChainEvent {}

  record StakeReleased(Origin origin, long roundId, EthAddress participant, BigInteger amount)
      implements ChainEvent {}

  record Forfeited(Origin origin, long roundId, EthAddress participant, BigInteger penalty)
      implements ChainEvent {}

  record RoundSettled(
      Origin origin, long roundId, BigInteger distributed, BigInteger refunded, BigInteger burned)
      implements ChainEvent {}

  /** Expired without quorum and closed. */
  record RoundRefunded(Origin origin, long roundId, BigInteger refunded, BigInteger burned)
      implements ChainEvent {}

  record Slashed(
      Origin origin,
      long roundId,
      EthAddress offender,
      EthAddress reporter,
      Offense offense,
      BigInteger amount,
      BigInteger bounty)
      implements ChainEvent {}

  enum Offense {
    /** Two different signed updates for one round. */
    UPDATE_EQUIVOCATION,
    /** Two different signed attestations for one round. */
    ATTESTATION_EQUIVOCATION
  }
}
