package io.d2ora.app.node;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.ChainTime;
import io.d2ora.core.round.Commitment;
import io.d2ora.core.round.Finalization;
import io.d2ora.core.round.LedgerReceipt;
import io.d2ora.core.round.LedgerRejectedException;
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
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Byzantine peer's ledger: every read and every write it leaves alone reaches the real chain
 * unchanged. {@link Fault#UINT64_MAX_SAMPLES} replaces the commit by one claiming 2^64 - 1 samples
 * ({@link Uint64MaxCommit}); {@link Fault#WRONG_ATTESTATION} proposes and attests an aggregate hash
 * that no update set produces, over every committed signer, as soon as the chain shows a block past
 * the commit deadline (before the honest proposal can gather its quorum); the node then finds its
 * attestation on the ledger and keeps to it.
 */
final class ByzantineLedger implements RoundLedger {
  private static final Logger LOG = LoggerFactory.getLogger(ByzantineLedger.class);
  private final RoundLedger real;
  private final Set<Fault> faults;
  private final Uint64MaxCommit uint64Max;
  private volatile RoundId committed;
  private volatile boolean struck;

  ByzantineLedger(RoundLedger real, Set<Fault> faults, Uint64MaxCommit uint64Max) {
    this.real = real;
    this.faults = faults;
    this.uint64Max = uint64Max;
  }

  @Override
  public LedgerReceipt commit(RoundId id, ContentHash updateHash, long numSamples) {
    committed = id;
    if (faults.contains(Fault.UINT64_MAX_SAMPLES)) {
      return uint64Max.commit(id, updateHash, real.round(id).orElseThrow().baseModelHash());
    }
    return real.commit(id, updateHash, numSamples);
  }

  @Override
  public ChainTime now() {
    ChainTime now = real.now();
    RoundId id = committed;
    if (faults.contains(Fault.WRONG_ATTESTATION) && id != null && !struck) {
      strike(id, now);
    }
    return now;
  }

  /** Once commits closed: proposes and attests the wrong aggregate, retried on the next read. */
  private void strike(RoundId id, ChainTime now) {
    RoundInfo info = real.round(id).orElseThrow();
    if (now.timestamp() <= info.commitDeadline()) {
      return;
    }
    // Every committed signer the registry still lets a proposal include (not slashed).
    Set<Address> slashed =
        real.participants(id).stream()
            .filter(Participant::slashed)
            .map(Participant::address)
            .collect(Collectors.toSet());
    List<Address> everyone =
        real.commitments(id).stream()
            .map(Commitment::signer)
            .filter(a -> !slashed.contains(a))
            .sorted()
            .toList();
    ContentHash wrong = ContentHash.keccak256(("wrong aggregate of round " + id).getBytes());
    try {
      if (real.proposals(id).stream().noneMatch(p -> p.proposes(wrong, everyone))) {
        real.propose(id, wrong, everyone);
      }
      real.attest(id, wrong, everyone);
      struck = true;
    } catch (LedgerRejectedException e) {
      struck = real.proposals(id).stream().anyMatch(p -> p.attesters().contains(self()));
      LOG.info("round {}: the wrong proposal or attestation was refused: {}", id, e.getMessage());
    }
  }

  @Override
  public LedgerReceipt propose(RoundId id, ContentHash aggregateHash, List<Address> included) {
    return real.propose(id, aggregateHash, included);
  }

  @Override
  public LedgerReceipt attest(RoundId id, ContentHash aggregateHash, List<Address> included) {
    return real.attest(id, aggregateHash, included);
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
  public Subscription subscribe(RoundEventListener listener) {
    return real.subscribe(listener);
  }
}
