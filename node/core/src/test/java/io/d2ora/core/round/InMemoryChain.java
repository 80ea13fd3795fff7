package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registry contract's round rules held in memory, for tests (contracts/README.md "Rules"): free
 * and reserved stake, rounds, joins that reserve the minimum stake, commitments, proposals by the
 * aggregator and committed participants, one attestation per committed participant, finality at the
 * quorum, expiry at the finalize deadline, settlement with forfeits and rewards, slashing. One
 * block per write, stamped by a {@link Clock}. {@link #ledgerFor} gives each signer its {@link
 * RoundLedger} view. It differs from the contract in one deliberate way: a late commit is recorded
 * with {@code onTime = false} instead of reverting (and counts as a commitment), so tests can check
 * that nodes and verifiers exclude late commitments themselves.
 */
public final class InMemoryChain {
  /** A round to create. Deadlines are epoch seconds (inclusive, core semantics). */
  public record RoundSpec(
      ContentHash baseModelHash,
      ContentHash configHash,
      long joinDeadline,
      long commitDeadline,
      long finalizeDeadline,
      BigInteger minStake,
      int participantCap,
      Address aggregator,
      long sampleCap,
      int quorumBps,
      BigInteger rewardPool) {

    /** A round with a sample cap of 10^9, the default two-thirds quorum and no reward pool. */
    public RoundSpec(
        ContentHash baseModelHash,
        ContentHash configHash,
        long joinDeadline,
        long commitDeadline,
        long finalizeDeadline,
        BigInteger minStake,
        int participantCap,
        Address aggregator) {
      this(
          baseModelHash,
          configHash,
          joinDeadline,
          commitDeadline,
          finalizeDeadline,
          minStake,
          participantCap,
          aggregator,
          1_000_000_000L,
          DEFAULT_QUORUM_BPS,
          BigInteger.ZERO);
    }
  }

  public static final int DEFAULT_QUORUM_BPS = 6_666;
  static final int FORFEIT_BPS = 1_000;

  private final Clock clock;
  private final Map<Address, BigInteger> free = new HashMap<>();
  private final Map<Address, BigInteger> reserved = new HashMap<>();
  private final Map<RoundId, InMemoryRound> rounds = new HashMap<>();
  private final Map<String, Integer> calls = new HashMap<>();
  private final List<RoundEventListener> listeners = new CopyOnWriteArrayList<>();
  private long block;
  private volatile boolean available = true;
  private Duration lag = Duration.ZERO;

  public InMemoryChain(Clock clock) {
    this.clock = clock;
  }

  /** The ledger as {@code signer} sees it. */
  public RoundLedger ledgerFor(Address signer) {
    return new InMemoryRoundLedger(this, signer);
  }

  /** Sets {@code who}'s free stake (what joining can reserve). */
  public synchronized void stake(Address who, BigInteger amount) {
    free.put(who, amount);
  }

  /** {@code who}'s free stake: neither reserved by a round nor taken. */
  public synchronized BigInteger freeStake(Address who) {
    return free.getOrDefault(who, BigInteger.ZERO);
  }

  /** {@code who}'s stake reserved by rounds not yet settled. */
  public synchronized BigInteger reservedStake(Address who) {
    return reserved.getOrDefault(who, BigInteger.ZERO);
  }

  /**
   * Slashes {@code who} in {@code round}, as proven equivocation would: its reservation is taken,
   * and its attestation stops counting towards a quorum not yet reached.
   */
  public synchronized void slash(RoundId round, Address who) {
    InMemoryRound r = state(round);
    InMemoryRound.Seat seat = r.seat(who).orElseThrow();
    seat.slashed = true;
    if (!seat.released) {
      seat.released = true;
      reserved.merge(who, seat.reserved.negate(), BigInteger::add);
    }
    if (seat.attested != 0) {
      InMemoryRound.Bid p = r.proposals.get(seat.attested - 1);
      if (p.quorumBlock == 0) {
        p.attestations--;
      }
    }
  }

  public synchronized RoundId createRound(RoundSpec spec) {
    RoundId id = RoundId.of(rounds.size() + 1L);
    rounds.put(id, new InMemoryRound(spec));
    emit(new RoundEvent(RoundEvent.Kind.CREATED, id, spec.aggregator(), ++block));
    return id;
  }

  /**
   * Makes chain time run {@code value} behind the clock, as on a chain with slow blocks whose
   * latest block is older than the wall clock says.
   */
  public synchronized void setLag(Duration value) {
    lag = value;
  }

  /** While false, every ledger call throws {@link LedgerUnavailableException}. */
  public void setAvailable(boolean value) {
    available = value;
  }

  /** How often {@code signer} called the write {@code method} ("join", "attest", ...). */
  public synchronized int calls(Address signer, String method) {
    return calls.getOrDefault(signer + "/" + method, 0);
  }

  synchronized Optional<RoundInfo> round(RoundId id) {
    check();
    InMemoryRound s = rounds.get(id);
    return s == null ? Optional.empty() : Optional.of(s.info(id, time()));
  }

  synchronized List<Participant> participants(RoundId id) {
    check();
    return state(id).participants();
  }

  synchronized List<Commitment> commitments(RoundId id) {
    check();
    return state(id).commitments();
  }

  synchronized List<Proposal> proposals(RoundId id) {
    check();
    return state(id).proposals();
  }

  synchronized Optional<Finalization> finalization(RoundId id) {
    check();
    return state(id).proposals().stream()
        .filter(Proposal::finalized)
        .findFirst()
        .map(p -> new Finalization(p, p.quorumBlock().getAsLong(), state(id).quorumTime));
  }

  synchronized Optional<Settlement> settlement(RoundId id) {
    check();
    return Optional.ofNullable(state(id).settlement);
  }

  synchronized ChainTime now() {
    check();
    return new ChainTime(block, time());
  }

  synchronized LedgerReceipt join(Address who, RoundId id) {
    count(who, "join");
    InMemoryRound r = state(id);
    BigInteger stake = free.getOrDefault(who, BigInteger.ZERO);
    require(time() <= r.spec.joinDeadline(), "JoinClosed");
    require(r.seat(who).isEmpty(), "AlreadyJoined");
    require(r.seats.size() < r.spec.participantCap(), "RoundFull");
    require(stake.compareTo(r.spec.minStake()) >= 0, "InsufficientStake");
    free.put(who, stake.subtract(r.spec.minStake()));
    reserved.merge(who, r.spec.minStake(), BigInteger::add);
    r.seats.put(who, new InMemoryRound.Seat(r.spec.minStake(), block + 1, time()));
    return write(RoundEvent.Kind.JOINED, id, who);
  }

  synchronized LedgerReceipt commit(Address who, RoundId id, ContentHash hash, long samples) {
    count(who, "commit");
    InMemoryRound r = state(id);
    InMemoryRound.Seat seat = r.seat(who).orElseThrow(() -> rejected("NotJoined"));
    require(seat.update == null, "AlreadyCommitted");
    require(!seat.slashed, "SignerSlashed");
    require(samples > 0 && samples <= r.spec.sampleCap(), "SamplesAboveCap");
    seat.update = hash;
    seat.samples = samples;
    seat.commitBlock = block + 1;
    seat.commitTime = time();
    return write(RoundEvent.Kind.COMMITTED, id, who);
  }

  synchronized LedgerReceipt propose(
      Address who, RoundId id, ContentHash hash, List<Address> included) {
    count(who, "propose");
    InMemoryRound r = state(id);
    require(time() > r.spec.commitDeadline() || r.everyoneCommitted(time()), "CommitPhaseNotOver");
    require(time() <= r.spec.finalizeDeadline(), "FinalizeClosed");
    require(r.winner().isEmpty(), "AlreadyFinalized");
    r.claimProposerTurn(who);
    List<Address> sorted = included.stream().sorted().toList();
    require(!sorted.isEmpty(), "EmptyIncludedSet");
    require(sorted.stream().distinct().count() == sorted.size(), "IncludedNotAscending");
    for (Address a : sorted) {
      require(r.seat(a).filter(s -> s.update != null && !s.slashed).isPresent(), "NotIncludable");
    }
    require(r.bid(hash, sorted).isEmpty(), "ProposalExists");
    if (r.proposals.isEmpty()) {
      r.counted =
          (int) r.seats.values().stream().filter(s -> s.update != null && !s.slashed).count();
    }
    r.proposals.add(new InMemoryRound.Bid(hash, sorted, who, block + 1, r.quorum()));
    return write(RoundEvent.Kind.PROPOSED, id, who);
  }

  synchronized LedgerReceipt attest(
      Address who, RoundId id, ContentHash hash, List<Address> included) {
    count(who, "attest");
    InMemoryRound r = state(id);
    InMemoryRound.Seat seat =
        r.seat(who).filter(s -> s.update != null).orElseThrow(() -> rejected("NotCommitted"));
    require(!seat.slashed, "SignerSlashed");
    require(seat.attested == 0, "AlreadyAttested");
    InMemoryRound.Bid p =
        r.bid(hash, included.stream().sorted().toList())
            .orElseThrow(() -> rejected("UnknownProposal"));
    require(time() <= r.spec.finalizeDeadline(), "FinalizeClosed");
    seat.attested = r.proposals.indexOf(p) + 1;
    p.attestations++;
    LedgerReceipt receipt = write(RoundEvent.Kind.ATTESTED, id, who);
    if (p.attestations >= p.quorum && p.quorumBlock == 0) {
      p.quorumBlock = receipt.blockNumber();
      r.quorumTime = time();
      emit(new RoundEvent(RoundEvent.Kind.FINALIZED, id, who, receipt.blockNumber()));
    }
    return receipt;
  }

  synchronized LedgerReceipt settle(Address who, RoundId id) {
    count(who, "settle");
    InMemoryRound r = state(id);
    require(r.settlement == null, "AlreadySettled");
    Optional<InMemoryRound.Bid> winner = r.winner();
    boolean allAttested = winner.filter(w -> w.attestations == r.counted).isPresent();
    require(time() > r.spec.finalizeDeadline() || allAttested, "SettleTooEarly");
    Map<Address, BigInteger> forfeits = new TreeMap<>();
    r.seats.forEach(
        (a, s) -> {
          if (!s.released && s.update == null) {
            forfeits.put(a, release(a, s));
          }
        });
    BigInteger forfeited =
        r.forfeitPool.add(forfeits.values().stream().reduce(BigInteger.ZERO, BigInteger::add));
    Map<Address, BigInteger> rewards = new TreeMap<>();
    List<Map.Entry<Address, InMemoryRound.Seat>> rewarded = new ArrayList<>();
    int winnerIndex = winner.map(w -> r.proposals.indexOf(w) + 1).orElse(0);
    r.seats.forEach(
        (a, s) -> {
          if (!s.released) {
            release(a, s);
          }
          if (winnerIndex != 0
              && s.attested == winnerIndex
              && !s.slashed
              && winner.get().included.contains(a)) {
            rewarded.add(Map.entry(a, s));
          }
        });
    long samples = rewarded.stream().mapToLong(e -> e.getValue().samples).sum();
    BigInteger pot = r.spec.rewardPool().add(forfeited);
    for (var e : rewarded) {
      BigInteger reward =
          pot.multiply(BigInteger.valueOf(e.getValue().samples))
              .divide(BigInteger.valueOf(samples));
      rewards.put(e.getKey(), reward);
      free.merge(e.getKey(), reward, BigInteger::add);
    }
    forfeits.putAll(r.earlyForfeits);
    r.settlement =
        new Settlement(
            winner.isEmpty(), block + 1, new TreeMap<>(rewards), new TreeMap<>(forfeits));
    return write(RoundEvent.Kind.SETTLED, id, who);
  }

  synchronized LedgerReceipt forfeit(Address who, RoundId id, Address participant) {
    count(who, "forfeit");
    InMemoryRound r = state(id);
    require(r.settlement == null, "AlreadySettled");
    require(time() > r.spec.commitDeadline(), "CommitPhaseNotOver");
    InMemoryRound.Seat seat =
        r.seat(participant)
            .filter(s -> s.update == null && !s.released)
            .orElseThrow(() -> rejected("NotForfeitable"));
    BigInteger penalty = release(participant, seat);
    r.forfeitPool = r.forfeitPool.add(penalty);
    r.earlyForfeits.put(participant, penalty);
    return write(RoundEvent.Kind.FORFEITED, id, participant);
  }

  /** Releases a reservation, keeping the forfeit of a silent participant; returns the penalty. */
  private BigInteger release(Address a, InMemoryRound.Seat s) {
    BigInteger penalty =
        s.update == null
            ? s.reserved
                .multiply(BigInteger.valueOf(FORFEIT_BPS))
                .divide(BigInteger.valueOf(10_000))
            : BigInteger.ZERO;
    s.released = true;
    reserved.merge(a, s.reserved.negate(), BigInteger::add);
    free.merge(a, s.reserved.subtract(penalty), BigInteger::add);
    return penalty;
  }

  Subscription subscribe(RoundEventListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Chain time: the timestamp the next block gets, and the latest block's. */
  private long time() {
    return clock.now().minus(lag).getEpochSecond();
  }

  private InMemoryRound state(RoundId id) {
    check();
    InMemoryRound s = rounds.get(id);
    if (s == null) {
      throw new LedgerRejectedException("reverted: UnknownRound(" + id + ")");
    }
    return s;
  }

  private void count(Address who, String method) {
    check();
    calls.merge(who + "/" + method, 1, Integer::sum);
  }

  private LedgerReceipt write(RoundEvent.Kind kind, RoundId id, Address who) {
    block++;
    emit(new RoundEvent(kind, id, who, block));
    return new LedgerReceipt(String.format("0x%064x", block), block);
  }

  private void emit(RoundEvent event) {
    listeners.forEach(l -> l.onEvent(event));
  }

  private void check() {
    if (!available) {
      throw new LedgerUnavailableException("in-memory chain switched off");
    }
  }

  static void require(boolean condition, String revert) {
    if (!condition) {
      throw rejected(revert);
    }
  }

  static LedgerRejectedException rejected(String revert) {
    return new LedgerRejectedException("reverted: " + revert);
  }
}
