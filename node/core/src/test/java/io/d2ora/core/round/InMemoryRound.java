package io.d2ora.core.round;

import static io.d2ora.core.round.InMemoryChain.rejected;

import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/** One round of an {@link InMemoryChain}: its seats and proposals, guarded by the chain's lock. */
final class InMemoryRound {
  /** A participant's record: what joining, committing, attesting and settling wrote. */
  static final class Seat {
    final BigInteger reserved;
    final long joinBlock;
    final long joinTime;
    ContentHash update;
    long samples;
    long commitBlock;
    long commitTime;
    boolean proposed;
    int attested;
    boolean slashed;
    boolean released;

    Seat(BigInteger reserved, long joinBlock, long joinTime) {
      this.reserved = reserved;
      this.joinBlock = joinBlock;
      this.joinTime = joinTime;
    }
  }

  /** A proposal and its attestation count. */
  static final class Bid {
    final ContentHash hash;
    final List<Address> included;
    final Address proposer;
    final long block;
    final int quorum;
    int attestations;
    long quorumBlock;

    Bid(ContentHash hash, List<Address> included, Address proposer, long block, int quorum) {
      this.hash = hash;
      this.included = included;
      this.proposer = proposer;
      this.block = block;
      this.quorum = quorum;
    }
  }

  final InMemoryChain.RoundSpec spec;
  final Map<Address, Seat> seats = new TreeMap<>();
  final List<Bid> proposals = new ArrayList<>();
  final Map<Address, BigInteger> earlyForfeits = new TreeMap<>();
  BigInteger forfeitPool = BigInteger.ZERO;
  boolean aggregatorProposed;
  int counted;
  long quorumTime;
  Settlement settlement;

  InMemoryRound(InMemoryChain.RoundSpec spec) {
    this.spec = spec;
  }

  Optional<Seat> seat(Address who) {
    return Optional.ofNullable(seats.get(who));
  }

  Optional<Bid> winner() {
    return proposals.stream().filter(p -> p.quorumBlock != 0).findFirst();
  }

  Optional<Bid> bid(ContentHash hash, List<Address> included) {
    return proposals.stream()
        .filter(p -> p.hash.equals(hash) && p.included.equals(included))
        .findFirst();
  }

  int quorum() {
    return (int) Math.max(1, ((long) spec.quorumBps() * counted + 9_999) / 10_000);
  }

  /**
   * A committed participant proposes on its own turn, the aggregator (if not one) on the round's.
   */
  void claimProposerTurn(Address who) {
    Optional<Seat> seat = seat(who).filter(s -> s.update != null);
    if (seat.isPresent()) {
      InMemoryChain.require(!seat.get().slashed, "SignerSlashed");
      InMemoryChain.require(!seat.get().proposed, "AlreadyProposed");
      seat.get().proposed = true;
    } else if (who.equals(spec.aggregator())) {
      InMemoryChain.require(!aggregatorProposed, "AlreadyProposed");
      aggregatorProposed = true;
    } else {
      throw rejected("NotProposer");
    }
  }

  RoundInfo info(RoundId id, long now) {
    return new RoundInfo(
        id,
        spec.baseModelHash(),
        spec.configHash(),
        spec.joinDeadline(),
        spec.commitDeadline(),
        spec.finalizeDeadline(),
        spec.minStake(),
        spec.participantCap(),
        spec.sampleCap(),
        spec.quorumBps(),
        spec.aggregator(),
        phase(now));
  }

  /** Joining closed and every participant committed: the round moves on before its deadline. */
  boolean everyoneCommitted(long now) {
    return now > spec.joinDeadline()
        && !seats.isEmpty()
        && seats.values().stream().allMatch(s -> s.update != null);
  }

  private RoundPhase phase(long now) {
    if (settlement != null) {
      return settlement.refunded() ? RoundPhase.REFUNDED : RoundPhase.SETTLED;
    } else if (winner().isPresent()) {
      return RoundPhase.FINALIZED;
    } else if (now <= spec.joinDeadline()) {
      return RoundPhase.JOINING;
    } else if (now <= spec.commitDeadline() && !everyoneCommitted(now)) {
      return RoundPhase.COMMITTING;
    } else if (now <= spec.finalizeDeadline()) {
      return RoundPhase.AGGREGATING;
    }
    return RoundPhase.EXPIRED;
  }

  List<Participant> participants() {
    List<Participant> out = new ArrayList<>();
    seats.forEach(
        (a, s) -> out.add(new Participant(a, s.reserved, s.joinBlock, s.joinTime, s.slashed)));
    return out;
  }

  List<Commitment> commitments() {
    List<Commitment> out = new ArrayList<>();
    seats.forEach(
        (a, s) -> {
          if (s.update != null) {
            boolean onTime = s.commitTime <= spec.commitDeadline();
            out.add(new Commitment(a, s.update, s.samples, s.commitBlock, s.commitTime, onTime));
          }
        });
    return out;
  }

  List<Proposal> proposals() {
    List<Proposal> out = new ArrayList<>();
    for (int i = 0; i < proposals.size(); i++) {
      Bid b = proposals.get(i);
      int index = i + 1;
      List<Address> attesters =
          seats.entrySet().stream()
              .filter(e -> e.getValue().attested == index)
              .map(Map.Entry::getKey)
              .toList();
      out.add(
          new Proposal(
              index,
              b.hash,
              b.included,
              b.proposer,
              b.block,
              attesters,
              b.attestations,
              b.quorum,
              counted,
              b.quorumBlock == 0 ? OptionalLong.empty() : OptionalLong.of(b.quorumBlock)));
    }
    return out;
  }
}
