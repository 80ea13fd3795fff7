package io.d2ora.app.node;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.ChainTime;
import io.d2ora.core.round.Commitment;
import io.d2ora.core.round.Finalization;
import io.d2ora.core.round.LedgerReceipt;
import io.d2ora.core.round.Participant;
import io.d2ora.core.round.Proposal;
import io.d2ora.core.round.RoundEventListener;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.RoundLedger;
import io.d2ora.core.round.Settlement;
import io.d2ora.core.round.Subscription;
import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Byzantine peer's ledger: every read and every write it leaves alone reaches the real chain
 * unchanged. {@link Fault#UINT64_MAX_SAMPLES} replaces the commit by one claiming 2^64 - 1 samples
 * ({@link Uint64MaxCommit}); {@link Fault#WRONG_ATTESTATION} proposes and attests, instead of what
 * the node chose, an aggregate hash that no update set produces.
 */
final class ByzantineLedger implements RoundLedger {
  private final RoundLedger real;
  private final Set<Fault> faults;
  private final Uint64MaxCommit uint64Max;

  ByzantineLedger(RoundLedger real, Set<Fault> faults, Uint64MaxCommit uint64Max) {
    this.real = real;
    this.faults = faults;
    this.uint64Max = uint64Max;
  }

  @Override
  public LedgerReceipt commit(RoundId id, ContentHash updateHash, long numSamples) {
    if (faults.contains(Fault.UINT64_MAX_SAMPLES)) {
      return uint64Max.commit(id, updateHash, real.round(id).orElseThrow().baseModelHash());
    }
    return real.commit(id, updateHash, numSamples);
  }

  @Override
  public LedgerReceipt propose(RoundId id, ContentHash aggregateHash, List<Address> included) {
    if (faults.contains(Fault.WRONG_ATTESTATION)) {
      return real.propose(id, wrong(aggregateHash), included);
    }
    return real.propose(id, aggregateHash, included);
  }

  @Override
  public LedgerReceipt attest(RoundId id, ContentHash aggregateHash, List<Address> included) {
    if (!faults.contains(Fault.WRONG_ATTESTATION)) {
      return real.attest(id, aggregateHash, included);
    }
    ContentHash wrong = wrong(aggregateHash);
    boolean proposed = real.proposals(id).stream().anyMatch(p -> p.proposes(wrong, included));
    if (!proposed && real.proposals(id).stream().noneMatch(p -> p.proposer().equals(self()))) {
      real.propose(id, wrong, included);
    }
    return real.attest(id, wrong, included);
  }

  /** A hash no aggregation produces, derived from the genuine one (the same on every call). */
  private static ContentHash wrong(ContentHash genuine) {
    return ContentHash.keccak256(("wrong " + genuine.hex()).getBytes());
  }

  @Override
  public Address self() {
    return real.self();
  }

  @Override
  public LedgerReceipt join(RoundId id) {
    return real.join(id);
  }

  @Override
  public LedgerReceipt settle(RoundId id) {
    return real.settle(id);
  }

  @Override
  public LedgerReceipt forfeit(RoundId id, Address participant) {
    return real.forfeit(id, participant);
  }

  @Override
  public Optional<RoundInfo> round(RoundId id) {
    return real.round(id);
  }

  @Override
  public List<Participant> participants(RoundId id) {
    return real.participants(id);
  }

  @Override
  public List<Commitment> commitments(RoundId id) {
    return real.commitments(id);
  }

  @Override
  public Optional<Commitment> commitment(RoundId id, Address signer) {
    return real.commitment(id, signer);
  }

  @Override
  public List<Proposal> proposals(RoundId id) {
    return real.proposals(id);
  }

  @Override
  public Optional<Finalization> finalization(RoundId id) {
    return real.finalization(id);
  }

  @Override
  public Optional<Settlement> settlement(RoundId id) {
    return real.settlement(id);
  }

  @Override
  public ChainTime now() {
    return real.now();
  }

  @Override
  public Subscription subscribe(RoundEventListener listener) {
    return real.subscribe(listener);
  }
}
