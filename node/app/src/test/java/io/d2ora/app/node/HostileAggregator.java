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
import io.d2ora.core.round.VerifiedUpdate;
import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A real node's ledger whose proposal step is hostile: every read and every other write reaches the
 * real chain unchanged, but what the node proposes is not its result. {@link Fault#WRONG_HASH}
 * proposes its included set with a hash that aggregates nothing; {@link Fault#EXCLUDE} leaves one
 * honest participant's verified update out and proposes the genuine aggregate of the rest (computed
 * with the node's own aggregator from its own store), so only the missing update gives it away.
 */
final class HostileAggregator implements RoundLedger {
  /** What the hostile aggregator does to its proposal. */
  enum Fault {
    WRONG_HASH,
    EXCLUDE
  }

  private final RoundLedger real;
  private final Fault fault;
  private final Supplier<Node> node;
  private final Supplier<Address> victim;

  /**
   * @param node the node this ledger belongs to (read when proposing: its store and aggregator)
   * @param victim whose update {@link Fault#EXCLUDE} leaves out
   */
  HostileAggregator(RoundLedger real, Fault fault, Supplier<Node> node, Supplier<Address> victim) {
    this.real = real;
    this.fault = fault;
    this.node = node;
    this.victim = victim;
  }

  @Override
  public LedgerReceipt propose(RoundId id, ContentHash aggregateHash, List<Address> included) {
    return switch (fault) {
      case WRONG_HASH ->
          real.propose(id, ContentHash.keccak256(aggregateHash.hex().getBytes()), included);
      case EXCLUDE -> {
        List<Address> rest = included.stream().filter(a -> !a.equals(victim.get())).toList();
        yield real.propose(id, aggregateOf(id, rest), rest);
      }
    };
  }

  /** The genuine aggregate of {@code signers}' committed updates, as this node computes it. */
  private ContentHash aggregateOf(RoundId id, List<Address> signers) {
    Node n = node.get();
    RoundInfo info = real.round(id).orElseThrow();
    List<VerifiedUpdate> updates =
        signers.stream()
            .sorted()
            .map(s -> real.commitment(id, s).orElseThrow())
            .map(
                c ->
                    new VerifiedUpdate(
                        c.signer(),
                        c.updateHash(),
                        c.numSamples(),
                        n.store.get(c.updateHash()).orElseThrow()))
            .toList();
    return n.store.put(n.ports.aggregator().aggregate(info, updates));
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
  public LedgerReceipt commit(RoundId id, ContentHash updateHash, long numSamples) {
    return real.commit(id, updateHash, numSamples);
  }

  @Override
  public LedgerReceipt attest(RoundId id, ContentHash aggregateHash, List<Address> included) {
    return real.attest(id, aggregateHash, included);
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
