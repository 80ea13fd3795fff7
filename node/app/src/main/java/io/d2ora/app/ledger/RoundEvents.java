package io.d2ora.app.ledger;

import static io.d2ora.app.ledger.ChainCalls.address;

import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.EthAddress;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundEvent;
import io.d2ora.core.round.RoundEvent.Kind;
import io.d2ora.core.round.RoundId;
import java.util.Optional;

/** Maps the registry's events onto the core's {@link RoundEvent}s (one per round state change). */
final class RoundEvents {
  private RoundEvents() {}

  static Optional<RoundEvent> of(ChainEvent e) {
    long block = e.origin().blockNumber();
    return switch (e) {
      case ChainEvent.RoundCreated c -> ev(Kind.CREATED, c.roundId(), c.creator(), block);
      case ChainEvent.Joined j -> ev(Kind.JOINED, j.roundId(), j.participant(), block);
      case ChainEvent.UpdateCommitted u -> ev(Kind.COMMITTED, u.roundId(), u.signer(), block);
      case ChainEvent.AggregateProposed p -> ev(Kind.PROPOSED, p.roundId(), p.proposer(), block);
      case ChainEvent.Attested a -> ev(Kind.ATTESTED, a.roundId(), a.attester(), block);
      case ChainEvent.RoundFinalized f -> ev(Kind.FINALIZED, f.roundId(), EthAddress.ZERO, block);
      case ChainEvent.Forfeited f -> ev(Kind.FORFEITED, f.roundId(), f.participant(), block);
      case ChainEvent.RoundSettled s -> ev(Kind.SETTLED, s.roundId(), EthAddress.ZERO, block);
      case ChainEvent.RoundRefunded r -> ev(Kind.SETTLED, r.roundId(), EthAddress.ZERO, block);
      default -> Optional.empty();
    };
  }

  private static Optional<RoundEvent> ev(Kind kind, long round, EthAddress actor, long block) {
    Address who = address(actor);
    return Optional.of(new RoundEvent(kind, RoundId.of(round), who, block));
  }
}
