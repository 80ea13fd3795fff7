package io.d2ora.core.round;

import java.math.BigInteger;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How a round was closed on the ledger: every reservation released, rewards paid (a finalized
 * round) or the pool refunded (an expired one), and the silent participants' forfeits.
 *
 * @param refunded whether the round expired without a quorum and its pool went back to its creator
 * @param blockNumber the block that holds the settlement
 * @param rewards reward credited to each rewarded participant's stake (included in the winner,
 *     attested it, not slashed), ascending by address
 * @param forfeits stake each participant who joined and never committed lost, ascending
 */
public record Settlement(
    boolean refunded,
    long blockNumber,
    SortedMap<Address, BigInteger> rewards,
    SortedMap<Address, BigInteger> forfeits) {

  public Settlement {
    rewards = Collections.unmodifiableSortedMap(new TreeMap<>(rewards));
    forfeits = Collections.unmodifiableSortedMap(new TreeMap<>(forfeits));
    rewards.values().forEach(v -> Objects.requireNonNull(v, "reward"));
    forfeits.values().forEach(v -> Objects.requireNonNull(v, "forfeit"));
  }

  /** What settling paid {@code participant} (zero if nothing). */
  public BigInteger rewardOf(Address participant) {
    return rewards.getOrDefault(participant, BigInteger.ZERO);
  }
}
