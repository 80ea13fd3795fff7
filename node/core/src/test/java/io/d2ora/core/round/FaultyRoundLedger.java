package io.d2ora.core.round;

import io.d2ora.core.round.SimulatedCrash.CrashPoint;
import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A test node's ledger with its faults: when armed it dies around writes (after a write, before the
 * caller sees the receipt; before an attestation is sent, after the caller journaled its intent),
 * it refuses the writes named in {@code refusals} once each, as a revert would, and it sends the
 * proposal {@code proposing} makes of the node's own (a hostile aggregator).
 */
final class FaultyRoundLedger implements RoundLedger {
  private final RoundLedger delegate;
  private final Consumer<CrashPoint> fire;
  private final Set<String> refusals;
  private final UnaryOperator<RoundRecord.Claim> proposing;

  FaultyRoundLedger(
      RoundLedger delegate,
      Consumer<CrashPoint> fire,
      Set<String> refusals,
      UnaryOperator<RoundRecord.Claim> proposing) {
    this.delegate = delegate;
    this.fire = fire;
    this.refusals = refusals;
    this.proposing = proposing;
  }

  private void refuseOnce(String method) {
    if (refusals.remove(method)) {
      throw new LedgerRejectedException("reverted: refused once by the test (" + method + ")");
    }
  }

  @Override
  public Address self() {
    return delegate.self();
  }

  @Override
  public Optional<RoundInfo> round(RoundId id) {
    return delegate.round(id);
  }

  @Override
  public List<Participant> participants(RoundId id) {
    return delegate.participants(id);
  }

  @Override
  public List<Commitment> commitments(RoundId id) {
    return delegate.commitments(id);
  }

  @Override
  public Optional<Commitment> commitment(RoundId id, Address signer) {
    return delegate.commitment(id, signer);
  }

  @Override
  public List<Proposal> proposals(RoundId id) {
    return delegate.proposals(id);
  }

  @Override
  public Optional<Finalization> finalization(RoundId id) {
    return delegate.finalization(id);
  }

  @Override
  public Optional<Settlement> settlement(RoundId id) {
    return delegate.settlement(id);
  }

  @Override
  public ChainTime now() {
    return delegate.now();
  }

  @Override
  public LedgerReceipt join(RoundId id) {
    LedgerReceipt r = delegate.join(id);
    fire.accept(CrashPoint.AFTER_JOIN_SENT);
    return r;
  }

  @Override
  public LedgerReceipt commit(RoundId id, ContentHash updateHash, long numSamples) {
    LedgerReceipt r = delegate.commit(id, updateHash, numSamples);
    fire.accept(CrashPoint.AFTER_COMMIT_SENT);
    return r;
  }

  @Override
  public LedgerReceipt propose(RoundId id, ContentHash aggregateHash, List<Address> included) {
    refuseOnce("propose");
    RoundRecord.Claim sent = proposing.apply(new RoundRecord.Claim(aggregateHash, included));
    LedgerReceipt r = delegate.propose(id, sent.hash(), sent.included());
    fire.accept(CrashPoint.AFTER_PROPOSE_SENT);
    return r;
  }

  @Override
  public LedgerReceipt attest(RoundId id, ContentHash aggregateHash, List<Address> included) {
    fire.accept(CrashPoint.BEFORE_ATTEST_SENT);
    refuseOnce("attest");
    LedgerReceipt r = delegate.attest(id, aggregateHash, included);
    fire.accept(CrashPoint.AFTER_ATTEST_SENT);
    return r;
  }

  @Override
  public LedgerReceipt settle(RoundId id) {
    refuseOnce("settle");
    LedgerReceipt r = delegate.settle(id);
    fire.accept(CrashPoint.AFTER_SETTLE_SENT);
    return r;
  }

  @Override
  public LedgerReceipt forfeit(RoundId id, Address participant) {
    return delegate.forfeit(id, participant);
  }

  @Override
  public Subscription subscribe(RoundEventListener listener) {
    return delegate.subscribe(listener);
  }
}
