package io.d2ora.core.round;

import io.d2ora.core.round.SimulatedCrash.CrashPoint;
import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A ledger that performs writes and then, when armed, dies before the caller sees the receipt. */
final class CrashingRoundLedger implements RoundLedger {
  private final RoundLedger delegate;
  private final Consumer<CrashPoint> fire;

  CrashingRoundLedger(RoundLedger delegate, Consumer<CrashPoint> fire) {
    this.delegate = delegate;
    this.fire = fire;
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
  public Optional<Finalization> finalization(RoundId id) {
    return delegate.finalization(id);
  }

  @Override
  public List<Dispute> disputes(RoundId id) {
    return delegate.disputes(id);
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
  public LedgerReceipt finalizeRound(
      RoundId id, ContentHash aggregateHash, List<Address> included) {
    LedgerReceipt r = delegate.finalizeRound(id, aggregateHash, included);
    fire.accept(CrashPoint.AFTER_FINALIZE_SENT);
    return r;
  }

  @Override
  public LedgerReceipt dispute(RoundId id, ContentHash claimedHash) {
    LedgerReceipt r = delegate.dispute(id, claimedHash);
    fire.accept(CrashPoint.AFTER_DISPUTE_SENT);
    return r;
  }

  @Override
  public Subscription subscribe(RoundEventListener listener) {
    return delegate.subscribe(listener);
  }
}
