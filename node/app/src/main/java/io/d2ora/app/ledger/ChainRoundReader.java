package io.d2ora.app.ledger;

import static io.d2ora.app.ledger.ChainCalls.address;
import static io.d2ora.app.ledger.ChainCalls.call;
import static io.d2ora.app.ledger.ChainCalls.hash;

import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainReader;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.EventSubscription;
import io.d2ora.chain.RegistryCommitment;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryRound;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.ChainTime;
import io.d2ora.core.round.Commitment;
import io.d2ora.core.round.Dispute;
import io.d2ora.core.round.Finalization;
import io.d2ora.core.round.Participant;
import io.d2ora.core.round.RoundEvent;
import io.d2ora.core.round.RoundEventListener;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.RoundLedgerReader;
import io.d2ora.core.round.RoundPhase;
import io.d2ora.core.round.Subscription;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@link RoundLedgerReader} over the chain module's {@link ChainReader}: needs no key, so a
 * verifier reads rounds without being anyone on chain. The contract's deadlines are exclusive
 * ({@code block.timestamp < deadline}); the core's are inclusive, so each is reported one second
 * earlier.
 *
 * <p>The chain client reports a commitment's block but not that block's timestamp; since the
 * contract only accepts commitments while {@code block.timestamp < commitDeadline}, a commitment's
 * timestamp is reported as the latest it can be (the inclusive commit deadline).
 */
public class ChainRoundReader implements RoundLedgerReader, AutoCloseable {
  private final ChainReader chain;

  public ChainRoundReader(ChainReader chain) {
    this.chain = chain;
  }

  /** The chain id the node reported when connecting (signatures and gossip topics use it). */
  public long chainId() {
    return chain.chainId();
  }

  /** The registry's address, lower-case {@code 0x} hex. */
  public String registry() {
    return chain.registryAddress().hex();
  }

  /** Peer registrations, round count and chain time over the same connection. */
  public ChainDirectory directory() {
    return new ChainDirectory(chain);
  }

  @Override
  public Optional<RoundInfo> round(RoundId id) {
    return registryRound(id).map(r -> roundInfo(id, r));
  }

  Optional<RegistryRound> registryRound(RoundId id) {
    return call("read round", () -> chain.round(id.value()));
  }

  private RoundInfo roundInfo(RoundId id, RegistryRound r) {
    RegistryRound.Phase phase = call("read phase", () -> chain.phase(id.value()));
    return new RoundInfo(
        id,
        hash(r.baseModelHash()),
        hash(r.configHash()),
        r.joinDeadline().getEpochSecond() - 1,
        r.commitDeadline().getEpochSecond() - 1,
        r.finalizeDeadline().getEpochSecond() - 1,
        r.minStake(),
        r.maxParticipants(),
        address(r.aggregator()),
        phase(phase, r));
  }

  private static RoundPhase phase(RegistryRound.Phase p, RegistryRound r) {
    return switch (p) {
      case JOINING -> RoundPhase.JOINING;
      case COMMITTING -> RoundPhase.COMMITTING;
      case FINALIZING -> RoundPhase.AGGREGATING;
      case FINALIZED -> RoundPhase.FINALIZED;
      case SETTLED -> r.aggregateHash().isZero() ? RoundPhase.EXPIRED : RoundPhase.FINALIZED;
      case EXPIRED, NONE -> RoundPhase.EXPIRED;
    };
  }

  @Override
  public List<Participant> participants(RoundId id) {
    List<Participant> out = new ArrayList<>();
    for (EthAddress a : call("read participants", () -> chain.participants(id.value()))) {
      out.add(new Participant(address(a), call("read stake", () -> chain.stakeOf(a)).staked()));
    }
    out.sort(Comparator.comparing(Participant::address));
    return out;
  }

  @Override
  public List<Commitment> commitments(RoundId id) {
    Optional<RoundInfo> info = round(id);
    if (info.isEmpty()) {
      return List.of();
    }
    return call("read commitments", () -> chain.commitments(id.value())).stream()
        .map(c -> commitment(c, info.get()))
        .sorted(Comparator.comparing(Commitment::signer))
        .toList();
  }

  private static Commitment commitment(RegistryCommitment c, RoundInfo info) {
    return new Commitment(
        address(c.signer()),
        hash(c.updateHash()),
        c.numSamples(),
        c.blockNumber(),
        info.commitDeadline(),
        true);
  }

  @Override
  public Optional<Commitment> commitment(RoundId id, Address signer) {
    Optional<RoundInfo> info = round(id);
    if (info.isEmpty()) {
      return Optional.empty();
    }
    return call("read participant", () -> chain.participant(id.value(), address(signer)))
        .flatMap(RegistryParticipant::commitment)
        .map(c -> commitment(c, info.get()));
  }

  @Override
  public Optional<Finalization> finalization(RoundId id) {
    Optional<RegistryRound> r = registryRound(id);
    if (r.isEmpty() || r.get().finalizedBlock() == 0) {
      return Optional.empty();
    }
    List<Address> included =
        call("read participants", () -> chain.participantRecords(id.value())).stream()
            .filter(RegistryParticipant::included)
            .map(p -> address(p.account()))
            .toList();
    return Optional.of(
        new Finalization(
            hash(r.get().aggregateHash()),
            included,
            address(r.get().aggregator()),
            r.get().finalizedBlock(),
            r.get().commitDeadline().getEpochSecond()));
  }

  @Override
  public List<Dispute> disputes(RoundId id) {
    return call("read disputes", () -> chain.disputes(id.value())).stream()
        .map(d -> new Dispute(address(d.participant()), hash(d.claimedHash()), d.blockNumber()))
        .toList();
  }

  @Override
  public ChainTime now() {
    return call(
        "read latest block",
        () -> new ChainTime(chain.blockNumber(), chain.latestBlockTime().getEpochSecond()));
  }

  @Override
  public Subscription subscribe(RoundEventListener listener) {
    long from = call("read latest block", chain::blockNumber) + 1;
    EventSubscription s = chain.subscribe(from, e -> event(e).ifPresent(listener::onEvent));
    return s::close;
  }

  private static Optional<RoundEvent> event(ChainEvent e) {
    long block = e.origin().blockNumber();
    return switch (e) {
      case ChainEvent.RoundCreated c ->
          Optional.of(ev(RoundEvent.Kind.CREATED, c.roundId(), address(c.creator()), block));
      case ChainEvent.Joined j ->
          Optional.of(ev(RoundEvent.Kind.JOINED, j.roundId(), address(j.participant()), block));
      case ChainEvent.UpdateCommitted u ->
          Optional.of(ev(RoundEvent.Kind.COMMITTED, u.roundId(), address(u.signer()), block));
      case ChainEvent.RoundFinalized f ->
          Optional.of(ev(RoundEvent.Kind.FINALIZED, f.roundId(), address(EthAddress.ZERO), block));
      case ChainEvent.Disputed d ->
          Optional.of(ev(RoundEvent.Kind.DISPUTED, d.roundId(), address(d.participant()), block));
      default -> Optional.empty();
    };
  }

  private static RoundEvent ev(RoundEvent.Kind kind, long round, Address actor, long block) {
    return new RoundEvent(kind, RoundId.of(round), actor, block);
  }

  @Override
  public void close() {
    chain.close();
  }
}
