package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Optional;

/** One signer's {@link RoundLedger} view of an {@link InMemoryChain}. */
public final class InMemoryRoundLedger implements RoundLedger {
  private final InMemoryChain chain;
  private final Address self;

  InMemoryRoundLedger(InMemoryChain chain, Address self) {
    this.chain = chain;
    this.self = self;
  }

  @Override
  public Address self() {
    return self;
  }

  @Override
  public Optional<RoundInfo> round(RoundId id) {
    return chain.round(id);
  }

  @Override
  public List<Participant> participants(RoundId id) {
    return chain.participants(id);
  }

  @Override
  public List<Commitment> commitments(RoundId id) {
    return chain.commitments(id);
  }

  @Override
  public Optional<Commitment> commitment(RoundId id, Address signer) {
    return chain.commitments(id).stream().filter(c -> c.signer().equals(signer)).findFirst();
  }

  @Override
  public List<Proposal> proposals(RoundId id) {
    return chain.proposals(id);
  }

  @Override
  public Optional<Finalization> finalization(RoundId id) {
    return chain.finalization(id);
  }

  @Override
  public Optional<Settlement> settlement(RoundId id) {
    return chain.settlement(id);
  }

  @Override
  public ChainTime now() {
    return chain.now();
  }

  @Override
  public LedgerReceipt join(RoundId id) {
    return chain.join(self, id);
  }

  @Override
  public LedgerReceipt commit(RoundId id, ContentHash updateHash, long numSamples) {
    return chain.commit(self, id, updateHash, numSamples);
  }

  @Override
  public LedgerReceipt propose(RoundId id, ContentHash aggregateHash, List<Address> included) {
    return chain.propose(self, id, aggregateHash, included);
  }

  @Override
  public LedgerReceipt attest(RoundId id, ContentHash aggregateHash, List<Address> included) {
    return chain.attest(self, id, aggregateHash, included);
  }

  @Override
  public LedgerReceipt settle(RoundId id) {
    return chain.settle(self, id);
  }

  @Override
  public LedgerReceipt forfeit(RoundId id, Address participant) {
    return chain.forfeit(self, id, participant);
  }

  @Override
  public Subscription subscribe(RoundEventListener listener) {
    return chain.subscribe(listener);
  }
}
