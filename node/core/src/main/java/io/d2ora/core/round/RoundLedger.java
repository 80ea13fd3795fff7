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
 * instead of retrying blindly. A write whose outcome is unknown (sent, then the connection dropped)
 * throws {@link LedgerUnavailableException}; the caller finds out by reading, which is why the
 * round logic reads before every write.
 *
 * <p><b>Deadlines.</b> A write lands in a block after the latest one; the ledger judges it by that
 * block's timestamp. The round logic writes only once {@link #now()} shows a block on the right
 * side of the deadline concerned.
 */
public interface RoundLedger extends RoundLedgerReader {
  /** The address this ledger signs writes with: the node's identity in rounds. */
  Address self();

  /**
   * Joins the round as {@link #self()}, reserving the round's minimum stake out of its free stake.
   *
   * @throws LedgerRejectedException if the join deadline passed, the round is full, the free stake
   *     is too small, or {@link #self()} already joined
   */
  LedgerReceipt join(RoundId id);

  /**
   * Commits an update hash, signed by {@link #self()} as EIP-712 typed data over (roundId,
   * updateHash, numSamples, baseModelHash).
   *
   * @throws LedgerRejectedException if {@link #self()} is not a participant, is slashed, already
   *     committed in this round, the sample count exceeds the round's cap, or the commit deadline
   *     passed
   */
  LedgerReceipt commit(RoundId id, ContentHash updateHash, long numSamples);

  /**
   * Proposes the aggregate's hash and the signers it includes (any order; the ledger stores them
   * ascending) as the round's result.
   *
   * @throws LedgerRejectedException if the commit deadline has not passed or the finalize deadline
   *     has, a proposal already reached the quorum, {@link #self()} is neither a committed
   *     unslashed participant nor the aggregator or already proposed, the same proposal exists, or
   *     an included signer has no commitment or is slashed
   */
  LedgerReceipt propose(RoundId id, ContentHash aggregateHash, List<Address> included);

  /**
   * Attests the proposal of {@code aggregateHash} over {@code included}, signed by {@link #self()}
   * as EIP-712 typed data over (roundId, aggregateHash, includedSetHash). Attesting two different
   * proposals of one round is slashable equivocation: callers attest at most one.
   *
   * @throws LedgerRejectedException if there is no such proposal, {@link #self()} has no
   *     commitment, is slashed or already attested, or the finalize deadline passed
   */
  LedgerReceipt attest(RoundId id, ContentHash aggregateHash, List<Address> included);

  /**
   * Settles the round: pays rewards (finalized) or refunds the pool (expired), forfeits a part of
   * each silent participant's reservation and releases every other. Anyone may settle.
   *
   * @throws LedgerRejectedException if the round is already settled, or it is too early: before the
   *     finalize deadline, unless a proposal is final and every counted participant attested it
   */
  LedgerReceipt settle(RoundId id);

  /**
   * Forfeits a part of the reservation of {@code participant}, who joined and never committed, and
   * releases the rest at once (settling does this for everyone left).
   *
   * @throws LedgerRejectedException if the commit deadline has not passed, the round is settled, or
   *     {@code participant} did not join, committed, or was already forfeited
   */
  LedgerReceipt forfeit(RoundId id, Address participant);
}
