package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.List;

/**
 * The chain as a round sees it: the port through which the round logic reads the registry contract
 * ({@link RoundLedgerReader}) and sends transactions, signed behind the port by the node's key
 * ({@link #self()}). node/app implements it over the chain client; tests use an in-memory ledger.
 * Every implementation passes {@code AbstractRoundLedgerTest}.
 *
 * <p><b>Calls and threading.</b> All methods block until the ledger answered (writes: until the
 * transaction is included in a block) and may be called from any thread but an event loop; the
 * round runner calls them from its own thread. Implementations are thread-safe.
 *
 * <p><b>Failures.</b> Every method throws {@link LedgerUnavailableException} when the ledger cannot
 * be reached or does not answer in time (the caller retries with backoff), and writes throw {@link
 * LedgerRejectedException} when the contract refuses them (revert): the caller re-reads the state
 * instead of retrying. A write whose outcome is unknown (sent, then the connection dropped) throws
 * {@link LedgerUnavailableException}; the caller finds out by reading, which is why the round logic
 * reads before every write.
 *
 * <p><b>What reads report.</b> Only state in blocks the ledger considers final enough for the
 * deployment (on a devnet: the latest block). Commitments are reported only after the contract
 * verified their EIP-712 signature, so their signer is authenticated.
 */
public interface RoundLedger extends RoundLedgerReader {
  /** The address this ledger signs writes with: the node's identity in rounds. */
  Address self();

  /**
   * Joins the round as {@link #self()}, locking the round's minimum stake.
   *
   * @throws LedgerRejectedException if the join deadline passed, the round is full, the stake is
   *     too small, or {@link #self()} already joined
   */
  LedgerReceipt join(RoundId id);

  /**
   * Commits an update hash, signed by {@link #self()} as EIP-712 typed data over (roundId,
   * updateHash, numSamples, baseModelHash).
   *
   * @throws LedgerRejectedException if {@link #self()} is not a participant, already committed in
   *     this round, or the commit deadline passed
   */
  LedgerReceipt commit(RoundId id, ContentHash updateHash, long numSamples);

  /**
   * Finalizes the round with the aggregate's hash and the signers it includes (any order; the
   * ledger stores them ascending).
   *
   * @throws LedgerRejectedException if {@link #self()} is not the round's aggregator, the commit
   *     deadline has not passed, the finalize deadline passed, the round is already finalized, or
   *     an included signer has no commitment
   */
  LedgerReceipt finalizeRound(RoundId id, ContentHash aggregateHash, List<Address> included);

  /**
   * Disputes the round's finalization with the aggregate hash {@link #self()} computed. Only a
   * participant that committed an update has standing: its own contribution is at stake.
   *
   * @throws LedgerRejectedException if the round is not finalized, {@link #self()} did not commit
   *     in it, or it already disputed
   */
  LedgerReceipt dispute(RoundId id, ContentHash claimedHash);
}
