package io.d2ora.app.ledger;

import static io.d2ora.app.ledger.ChainCalls.address;

import io.d2ora.chain.ChainEvent;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.Settlement;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A round's {@link Settlement} from its events: the registry keeps no per-participant reward in its
 * views, but every settlement emits one {@code RewardPaid} per rewarded participant, one {@code
 * Forfeited} per silent one (some may come from an earlier {@code forfeit} call) and a closing
 * {@code RoundSettled} or {@code RoundRefunded}.
 */
final class SettlementEvents {
  private SettlementEvents() {}

  /** The settlement the events record, empty if they hold no closing event. */
  static Optional<Settlement> of(List<ChainEvent> events) {
    SortedMap<Address, BigInteger> rewards = new TreeMap<>();
    SortedMap<Address, BigInteger> forfeits = new TreeMap<>();
    Long block = null;
    boolean refunded = false;
    for (ChainEvent e : events) {
      switch (e) {
        case ChainEvent.RewardPaid p ->
            rewards.merge(address(p.participant()), p.amount(), BigInteger::add);
        case ChainEvent.Forfeited f ->
            forfeits.merge(address(f.participant()), f.penalty(), BigInteger::add);
        case ChainEvent.RoundSettled s -> block = s.origin().blockNumber();
        case ChainEvent.RoundRefunded r -> {
          block = r.origin().blockNumber();
          refunded = true;
        }
        default -> {}
      }
    }
    return block == null
        ? Optional.empty()
        : Optional.of(new Settlement(refunded, block, rewards, forfeits));
  }
}
