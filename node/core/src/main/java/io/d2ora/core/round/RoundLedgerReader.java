package io.d2ora.core.round;

import java.util.List;
import java.util.Optional;

/**
 * The read half of {@link RoundLedger}: what verifying a round needs, with no key behind it (a
 * verifier reads the chain without being a participant).
 *
 * <p>Calls block until the ledger answered and may come from any thread but an event loop;
 * implementations are thread-safe. Every method throws {@link LedgerUnavailableException} when the
 * ledger cannot be reached or does not answer in time. Reads report only state in blocks the ledger
 * considers final enough for the deployment (on a devnet: the latest block), and only commitments
 * and attestations whose EIP-712 signature the contract verified, so their signers are
 * authenticated. Everything reported about a round is a fact of the round's own blocks (the stake
 * reserved at join, each commit's block and timestamp, who attested what): a later change of an
 * account's stake does not alter it.
 */
public interface RoundLedgerReader {
  /** The round's definition and current phase; empty if no such round exists. */
  Optional<RoundInfo> round(RoundId id);

  /** The round's participants as they joined, in ascending address order. */
  List<Participant> participants(RoundId id);

  /** Every commitment of the round, in ascending signer order; at most one per signer. */
  List<Commitment> commitments(RoundId id);

  /** The commitment {@code signer} made in the round, if any. */
  Optional<Commitment> commitment(RoundId id, Address signer);

  /** The round's proposals with their attestations, in proposal order. */
  List<Proposal> proposals(RoundId id);

  /** The proposal that reached the quorum, with the block in which it did, once one has. */
  Optional<Finalization> finalization(RoundId id);

  /** How the round was closed, once it has been settled (or refunded). */
  Optional<Settlement> settlement(RoundId id);

  /** The latest block's number and timestamp: the clock the round's deadlines are measured on. */
  ChainTime now();

  /**
   * Delivers round events from now on until the subscription is closed. Delivery may lag the chain
   * (polling); readers that must not miss state read it, events only wake them up.
   */
  Subscription subscribe(RoundEventListener listener);
}
