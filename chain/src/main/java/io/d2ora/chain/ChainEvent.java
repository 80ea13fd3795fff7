package io.d2ora.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/** A registry event, decoded; every event carries the block and transaction it was emitted in. */
public sealed interface ChainEvent {
  /** Where the event was emitted. */
  record Origin(long blockNumber, Hash32 transactionHash, long logIndex) {}

  Origin origin();

  record PeerRegistered(
      Origin origin, EthAddress account, String peerIdHex, List<String> multiaddrs)
      implements ChainEvent {}

  record Staked(Origin origin, EthAddress account, BigInteger amount, BigInteger totalStaked)
      implements ChainEvent {}

  record UnstakeRequested(
      Origin origin, EthAddress account, BigInteger amount, BigInteger unbonding, Instant releaseAt)
      implements ChainEvent {}

  record Withdrawn(Origin origin, EthAddress account, BigInteger amount) implements ChainEvent {}

  record RoundCreated(Origin origin, long roundId, EthAddress creator, RoundParams params)
      implements ChainEvent {}

  record Joined(Origin origin, long roundId, EthAddress participant, int index)
      implements ChainEvent {}

  record UpdateCommitted(
      Origin origin, long roundId, EthAddress signer, Hash32 updateHash, long numSamples)
      implements ChainEvent {}

  record RoundFinalized(
      Origin origin,
      long roundId,
      Hash32 aggregateHash,
      List<EthAddress> included,
      BigInteger includedSamples)
      implements ChainEvent {}

  record RewardPaid(Origin origin, long roundId, EthAddress participant, BigInteger amount)
      implements ChainEvent {}

  record RoundSettled(Origin origin, long roundId, BigInteger distributed, BigInteger refunded)
      implements ChainEvent {}

  record Forfeited(Origin origin, long roundId, EthAddress participant, BigInteger penalty)
      implements ChainEvent {}

  record EquivocationSlashed(
      Origin origin,
      long roundId,
      EthAddress signer,
      EthAddress reporter,
      BigInteger slashed,
      BigInteger reporterReward)
      implements ChainEvent {}

  record Disputed(
      Origin origin, long roundId, EthAddress participant, Hash32 claimedHash, long index)
      implements ChainEvent {}
}
