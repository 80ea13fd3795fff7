package io.d2ora.chain.retry;

import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.PeerRegistration;
import io.d2ora.chain.RegistryCommitment;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryProposal;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.RegistryViews;
import io.d2ora.chain.StakeInfo;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/** {@link RegistryViews} with every read under one {@link RetryPolicy}. */
class RetryingViews implements RegistryViews {
  private final RegistryViews delegate;
  private final RetryPolicy policy;

  RetryingViews(RegistryViews delegate, RetryPolicy policy) {
    this.delegate = delegate;
    this.policy = policy;
  }

  /**
   * Runs {@code call} under the retry policy; {@code what} names it in logs and the final error.
   */
  public <T> T retry(String what, Supplier<T> call) {
    return policy.retry(what, call);
  }

  RetryPolicy policy() {
    return policy;
  }

  @Override
  public BigInteger tokenBalance(EthAddress account) {
    return retry("tokenBalance", () -> delegate.tokenBalance(account));
  }

  @Override
  public StakeInfo stakeOf(EthAddress account) {
    return retry("stakeOf", () -> delegate.stakeOf(account));
  }

  @Override
  public long roundCount() {
    return retry("roundCount", delegate::roundCount);
  }

  @Override
  public Optional<RegistryRound> round(long roundId) {
    return retry("round", () -> delegate.round(roundId));
  }

  @Override
  public RegistryRound.Phase phase(long roundId) {
    return retry("phase", () -> delegate.phase(roundId));
  }

  @Override
  public List<EthAddress> participants(long roundId) {
    return retry("participants", () -> delegate.participants(roundId));
  }

  @Override
  public Optional<RegistryParticipant> participant(long roundId, EthAddress account) {
    return retry("participant", () -> delegate.participant(roundId, account));
  }

  @Override
  public List<RegistryParticipant> participantRecords(long roundId) {
    return retry("participantRecords", () -> delegate.participantRecords(roundId));
  }

  @Override
  public List<RegistryCommitment> commitments(long roundId) {
    return retry("commitments", () -> delegate.commitments(roundId));
  }

  @Override
  public List<RegistryProposal> proposals(long roundId) {
    return retry("proposals", () -> delegate.proposals(roundId));
  }

  @Override
  public Optional<RegistryProposal> proposal(long roundId, int index) {
    return retry("proposal", () -> delegate.proposal(roundId, index));
  }

  @Override
  public OptionalInt proposalIndex(long roundId, Hash32 aggregateHash, Hash32 includedSetHash) {
    return retry(
        "proposalIndex", () -> delegate.proposalIndex(roundId, aggregateHash, includedSetHash));
  }

  @Override
  public Optional<PeerRegistration> peer(EthAddress account) {
    return retry("peer", () -> delegate.peer(account));
  }
}
