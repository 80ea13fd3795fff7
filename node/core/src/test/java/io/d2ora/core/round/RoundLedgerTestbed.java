package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.time.Duration;

/**
 * What {@link AbstractRoundLedgerTest} needs from a ledger implementation's world: three funded,
 * staked peers, a way to create rounds, and control of chain time. Over the in-memory chain this is
 * trivial; over a Hardhat node it deploys the registry, stakes three accounts, creates rounds as
 * the owner and moves time with {@code evm_increaseTime} + {@code evm_mine}.
 */
public interface RoundLedgerTestbed extends AutoCloseable {
  /** Peers 0, 1 and 2, each able to join a round (stake at least {@link #minStake()}). */
  RoundLedger peer(int index);

  /** The minimum stake of rounds created by {@link #createRound}. */
  BigInteger minStake();

  /**
   * Creates a round with a participant cap of 3 and deadlines at the given offsets from the current
   * chain time.
   *
   * @param aggregator index of the peer that aggregates
   */
  RoundId createRound(
      ContentHash baseModelHash,
      ContentHash configHash,
      Duration join,
      Duration commit,
      Duration finalize,
      int aggregator);

  /** Moves chain time forward by {@code d} (and mines a block). */
  void advanceTime(Duration d);

  /** Releases the testbed (stops nodes); called after each test. */
  @Override
  void close();
}
