package io.d2ora.app.ledger;

import static io.d2ora.app.ledger.ChainCalls.address;
import static io.d2ora.app.ledger.ChainCalls.hash;
import static io.d2ora.app.ledger.ChainCalls.read;

import io.d2ora.chain.ChainBlock;
import io.d2ora.chain.ChainReader;
import io.d2ora.chain.RegistryCommitment;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryProposal;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.RegistrySnapshot;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.ChainTime;
import io.d2ora.core.round.Commitment;
import io.d2ora.core.round.Finalization;
import io.d2ora.core.round.Participant;
import io.d2ora.core.round.Proposal;
import io.d2ora.core.round.RoundEventListener;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.RoundLedgerReader;
import io.d2ora.core.round.RoundPhase;
import io.d2ora.core.round.Settlement;
import io.d2ora.core.round.Subscription;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link RoundLedgerReader} over the chain module's {@link ChainReader}: needs no key, so a
 * verifier reads rounds without being anyone on chain. Reads that belong together are pinned to one
 * block ({@link ChainReader#snapshot()}). Everything comes from the registry's records of the
 * round's own blocks: the stake each participant reserved at join, each commit's block and that
 * block's timestamp, each proposal's attesters.
 *
 * <p>The contract's deadlines are exclusive ({@code block.timestamp < deadline}); the core's are
 * inclusive, so each is reported one second earlier. A sample count beyond a {@code long} (which a
 * registry cannot hold: it caps samples per round) is reported as {@link Long#MAX_VALUE}, above
 * every round's cap, so the round rules reject it instead of the node crashing on it.
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
    return read(
        "read round " + id,
        () -> {
          RegistrySnapshot s = chain.snapshot();
          return s.round(id.value()).map(r -> roundInfo(id, r, s.phase(id.value())));
        });
  }

  Optional<RegistryRound> registryRound(RoundId id) {
    return read("read round " + id, () -> chain.round(id.value()));
  }

  private static RoundInfo roundInfo(RoundId id, RegistryRound r, RegistryRound.Phase phase) {
    return new RoundInfo(
        id,
        hash(r.baseModelHash()),
        hash(r.configHash()),
        r.joinDeadline().getEpochSecond() - 1,
        r.commitDeadline().getEpochSecond() - 1,
        r.finalizeDeadline().getEpochSecond() - 1,
        r.minStake(),
        r.maxParticipants(),
        r.sampleCap(),
        r.quorumBps(),
        address(r.aggregator()),
        phase(phase));
  }

  private static RoundPhase phase(RegistryRound.Phase p) {
    return switch (p) {
      case JOINING -> RoundPhase.JOINING;
      case COMMITTING -> RoundPhase.COMMITTING;
      case FINALIZING -> RoundPhase.AGGREGATING;
      case FINALIZED -> RoundPhase.FINALIZED;
      case SETTLED -> RoundPhase.SETTLED;
      case REFUNDED -> RoundPhase.REFUNDED;
      case EXPIRED, NONE -> RoundPhase.EXPIRED;
    };
  }

  @Override
  public List<Participant> participants(RoundId id) {
    return read("read participants of round " + id, () -> chain.participantRecords(id.value()))
        .stream()
        .map(
            p ->
                new Participant(
                    address(p.account()),
                    p.reservedStake(),
                    p.joinBlock(),
                    p.joinTime().getEpochSecond(),
                    p.slashed()))
        .sorted(Comparator.comparing(Participant::address))
        .toList();
  }

  @Override
  public List<Commitment> commitments(RoundId id) {
    return read(
        "read commitments of round " + id,
        () -> {
          RegistrySnapshot s = chain.snapshot();
          Optional<RegistryRound> r = s.round(id.value());
          if (r.isEmpty()) {
            return List.of();
          }
          return s.commitments(id.value()).stream()
              .map(c -> commitment(c, r.get()))
              .sorted(Comparator.comparing(Commitment::signer))
              .toList();
        });
  }

  @Override
  public Optional<Commitment> commitment(RoundId id, Address signer) {
    return read(
        "read " + signer + "'s commitment in round " + id,
        () -> {
          RegistrySnapshot s = chain.snapshot();
          Optional<RegistryRound> r = s.round(id.value());
          if (r.isEmpty()) {
            return Optional.empty();
          }
          return s.participant(id.value(), address(signer))
              .flatMap(RegistryParticipant::commitment)
              .map(c -> commitment(c, r.get()));
        });
  }

  /** The commitment with its own block's timestamp (issue 11, attack 7: never a derived one). */
  private static Commitment commitment(RegistryCommitment c, RegistryRound r) {
    long time = c.blockTime().getEpochSecond();
    OptionalLong samples = c.numSamplesExact();
    return new Commitment(
        address(c.signer()),
        hash(c.updateHash()),
        samples.orElse(Long.MAX_VALUE),
        c.blockNumber(),
        time,
        time < r.commitDeadline().getEpochSecond());
  }

  @Override
  public List<Proposal> proposals(RoundId id) {
    return read(
        "read proposals of round " + id,
        () -> {
          RegistrySnapshot s = chain.snapshot();
          Optional<RegistryRound> r = s.round(id.value());
          if (r.isEmpty()) {
            return List.of();
          }
          return s.proposals(id.value()).stream()
              .map(p -> proposal(p, r.get().committedCount()))
              .toList();
        });
  }

  private static Proposal proposal(RegistryProposal p, int counted) {
    return new Proposal(
        p.index(),
        hash(p.aggregateHash()),
        p.included().stream().map(ChainCalls::address).toList(),
        address(p.proposer()),
        p.proposedBlock(),
        p.attesters().stream().map(ChainCalls::address).toList(),
        p.attestations(),
        p.quorum(),
        counted,
        p.reachedQuorum() ? OptionalLong.of(p.quorumBlock()) : OptionalLong.empty());
  }

  @Override
  public Optional<Finalization> finalization(RoundId id) {
    return read(
        "read the finalization of round " + id,
        () -> {
          RegistrySnapshot s = chain.snapshot();
          Optional<RegistryRound> r = s.round(id.value());
          if (r.isEmpty() || !r.get().finalized()) {
            return Optional.empty();
          }
          RegistryProposal winner =
              s.proposal(id.value(), r.get().finalizedProposal()).orElseThrow();
          ChainBlock block = chain.at(winner.quorumBlock()).block();
          return Optional.of(
              new Finalization(
                  proposal(winner, r.get().committedCount()),
                  block.number(),
                  block.time().getEpochSecond()));
        });
  }

  @Override
  public Optional<Settlement> settlement(RoundId id) {
    return read(
        "read the settlement of round " + id,
        () -> {
          Optional<RegistryRound> r = chain.round(id.value());
          if (r.isEmpty()
              || r.get().status() != RegistryRound.Status.SETTLED
                  && r.get().status() != RegistryRound.Status.REFUNDED) {
            return Optional.empty();
          }
          return SettlementEvents.of(chain.roundEvents(id.value()));
        });
  }

  @Override
  public ChainTime now() {
    return read(
        "read latest block",
        () -> {
          ChainBlock b = chain.latestBlock();
          return new ChainTime(b.number(), b.time().getEpochSecond());
        });
  }

  @Override
  public Subscription subscribe(RoundEventListener listener) {
    long from = read("read latest block", chain::blockNumber) + 1;
    var s = chain.subscribe(from, e -> RoundEvents.of(e).ifPresent(listener::onEvent));
    return s::close;
  }

  @Override
  public void close() {
    chain.close();
  }
}
