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
 * whose EIP-712 signature the contract verified, so their signer is authenticated.
 */
public interface RoundLedgerReader {
  /** The round's definition and current phase; empty if no such round exists. */
  Optional<RoundInfo> round(RoundId id);

  /** The round's participants with their locked stakes, in ascending address order. */
  List<Participant> participants(RoundId id);

  /** Every commitment of the round, in ascending signer order; at most one per signer. */
  List<Commitment> commitments(RoundId id);

  /** The commitment {@code signer} made in the round, if any. */
  Optional<Commitment> commitment(RoundId id, Address signer);

  /** The round's finalization, once there is one. */
  Optional<Finalization> finalization(RoundId id);

  /** Disputes filed against the round's finalization, in block order. */
  List<Dispute> disputes(RoundId id);

  /** The latest block's number and timestamp. */
  ChainTime now();

  /**
   * Delivers round events from now on until the subscription is closed. Delivery may lag the chain
   * (polling); readers that must not miss state read it, events only wake them up.
   */
  Subscription subscribe(RoundEventListener listener);
}
