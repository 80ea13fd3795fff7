package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The registry contract's round rules held in memory, for tests: stakes, rounds, joins,
 * commitments, finalizations, disputes, one block per write, stamped by a {@link Clock}. {@link
 * #ledgerFor} gives each signer its {@link RoundLedger} view. It differs from the contract in one
 * deliberate way: a late commit is recorded with {@code onTime = false} instead of reverting, so
 * tests can check that nodes exclude late commitments themselves.
 */
public final class InMemoryChain {
  /** A round to create. Deadlines are epoch seconds. */
  public record RoundSpec(
      ContentHash baseModelHash,
      ContentHash configHash,
      long joinDeadline,
      long commitDeadline,
      long finalizeDeadline,
      BigInteger minStake,
      int participantCap,
      Address aggregator) {}

  private static final class RoundState {
    final RoundSpec spec;
    final Map<Address, Participant> participants = new TreeMap<>();
    final Map<Address, Commitment> commitments = new TreeMap<>();
    final List<Dispute> disputes = new ArrayList<>();
    Finalization finalization;

    RoundState(RoundSpec spec) {
      this.spec = spec;
    }
  }

  private final Clock clock;
  private final Map<Address, BigInteger> stakes = new HashMap<>();
  private final Map<RoundId, RoundState> rounds = new HashMap<>();
  private final Map<String, Integer> calls = new HashMap<>();
  private final List<RoundEventListener> listeners = new CopyOnWriteArrayList<>();
  private long block;
  private volatile boolean available = true;

  public InMemoryChain(Clock clock) {
    this.clock = clock;
  }

  /** The ledger as {@code signer} sees it. */
  public RoundLedger ledgerFor(Address signer) {
    return new InMemoryRoundLedger(this, signer);
  }

  /** Sets {@code who}'s free stake (what it can lock when joining). */
  public synchronized void stake(Address who, BigInteger amount) {
    stakes.put(who, amount);
  }

  /** Cuts the stake {@code who} has locked in {@code round} (as slashing would). */
  public synchronized void slash(RoundId round, Address who, BigInteger newStake) {
    state(round).participants.put(who, new Participant(who, newStake));
  }

  public synchronized RoundId createRound(RoundSpec spec) {
    RoundId id = RoundId.of(rounds.size() + 1L);
    rounds.put(id, new RoundState(spec));
    emit(new RoundEvent(RoundEvent.Kind.CREATED, id, spec.aggregator(), ++block));
    return id;
  }

  /** While false, every ledger call throws {@link LedgerUnavailableException}. */
  public void setAvailable(boolean value) {
    available = value;
  }

  /** How often {@code signer} called the write {@code method} ("join", "commit", ...). */
  public synchronized int calls(Address signer, String method) {
    return calls.getOrDefault(signer + "/" + method, 0);
  }

  synchronized Optional<RoundInfo> round(RoundId id) {
    check();
    RoundState s = rounds.get(id);
    if (s == null) {
      return Optional.empty();
    }
    RoundSpec p = s.spec;
    return Optional.of(
        new RoundInfo(
            id,
            p.baseModelHash(),
            p.configHash(),
            p.joinDeadline(),
            p.commitDeadline(),
            p.finalizeDeadline(),
            p.minStake(),
            p.participantCap(),
            p.aggregator(),
            phase(s)));
  }

  synchronized List<Participant> participants(RoundId id) {
    check();
    return List.copyOf(state(id).participants.values());
  }

  synchronized List<Commitment> commitments(RoundId id) {
    check();
    return List.copyOf(state(id).commitments.values());
  }

  synchronized Optional<Finalization> finalization(RoundId id) {
    check();
    return Optional.ofNullable(state(id).finalization);
  }

  synchronized List<Dispute> disputes(RoundId id) {
    check();
    return List.copyOf(state(id).disputes);
  }

  synchronized ChainTime now() {
    check();
    return new ChainTime(block, clock.now().getEpochSecond());
  }

  synchronized LedgerReceipt join(Address who, RoundId id) {
    count(who, "join");
    RoundState s = state(id);
    BigInteger stake = stakes.getOrDefault(who, BigInteger.ZERO);
    require(clock.now().getEpochSecond() <= s.spec.joinDeadline(), "join deadline passed");
    require(!s.participants.containsKey(who), "already joined");
    require(s.participants.size() < s.spec.participantCap(), "round is full");
    require(stake.compareTo(s.spec.minStake()) >= 0, "stake below minimum");
    s.participants.put(who, new Participant(who, s.spec.minStake()));
    stakes.put(who, stake.subtract(s.spec.minStake()));
    return write(RoundEvent.Kind.JOINED, id, who);
  }

  synchronized LedgerReceipt commit(Address who, RoundId id, ContentHash hash, long samples) {
    count(who, "commit");
    RoundState s = state(id);
    require(s.participants.containsKey(who), "not a participant");
    require(!s.commitments.containsKey(who), "already committed");
    long now = clock.now().getEpochSecond();
    boolean onTime = now <= s.spec.commitDeadline();
    s.commitments.put(who, new Commitment(who, hash, samples, block + 1, now, onTime));
    return write(RoundEvent.Kind.COMMITTED, id, who);
  }

  synchronized LedgerReceipt finalizeRound(
      Address who, RoundId id, ContentHash hash, List<Address> included) {
    count(who, "finalize");
    RoundState s = state(id);
    long now = clock.now().getEpochSecond();
    require(who.equals(s.spec.aggregator()), "not the aggregator");
    require(now > s.spec.commitDeadline(), "commit phase still open");
    require(now <= s.spec.finalizeDeadline(), "finalize deadline passed");
    require(s.finalization == null, "already finalized");
    require(s.commitments.keySet().containsAll(included), "included signer without commitment");
    s.finalization = new Finalization(hash, included, who, block + 1, now);
    return write(RoundEvent.Kind.FINALIZED, id, who);
  }

  synchronized LedgerReceipt dispute(Address who, RoundId id, ContentHash claimed) {
    count(who, "dispute");
    RoundState s = state(id);
    require(s.finalization != null, "not finalized");
    require(s.commitments.containsKey(who), "not committed");
    require(s.disputes.stream().noneMatch(d -> d.disputer().equals(who)), "already disputed");
    s.disputes.add(new Dispute(who, claimed, block + 1));
    return write(RoundEvent.Kind.DISPUTED, id, who);
  }

  Subscription subscribe(RoundEventListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private RoundPhase phase(RoundState s) {
    long now = clock.now().getEpochSecond();
    if (s.finalization != null) {
      return RoundPhase.FINALIZED;
    } else if (now <= s.spec.joinDeadline()) {
      return RoundPhase.JOINING;
    } else if (now <= s.spec.commitDeadline()) {
      return RoundPhase.COMMITTING;
    } else if (now <= s.spec.finalizeDeadline()) {
      return RoundPhase.AGGREGATING;
    }
    return RoundPhase.EXPIRED;
  }

  private RoundState state(RoundId id) {
    check();
    RoundState s = rounds.get(id);
    if (s == null) {
      throw new LedgerRejectedException("no round " + id);
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
    Consumer<RoundEventListener> deliver = l -> l.onEvent(event);
    listeners.forEach(deliver);
  }

  private void check() {
    if (!available) {
      throw new LedgerUnavailableException("in-memory chain switched off");
    }
  }

  private static void require(boolean condition, String revert) {
    if (!condition) {
      throw new LedgerRejectedException("reverted: " + revert);
    }
  }
}
