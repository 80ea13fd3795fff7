package io.d2ora.app.exchange;

import io.d2ora.core.round.UpdateAnnouncement;

/**
 * The chain's side of signed announcements ({@link SignedAnnouncement}): this node's own commitment
 * signature, checking another's, reporting equivocation. Implemented over the registry by {@code
 * io.d2ora.app.ledger.ChainUpdateSignatures}. Methods block on chain reads and writes: call them
 * off the network event loops.
 */
public interface UpdateSignatures {
  /**
   * This node's announcement of the update it committed, with the signature its commit carried.
   *
   * @throws io.d2ora.core.round.ExchangeUnavailableException if the chain cannot be read now, or
   *     does not show this node's commitment yet
   * @throws IllegalStateException if this node committed another update in that round
   */
  SignedAnnouncement sign(UpdateAnnouncement own);

  /**
   * Whether the signature is the announced signer's over the announced update and sample count, for
   * the round's base model.
   *
   * @throws io.d2ora.core.round.ExchangeUnavailableException if the round cannot be read now
   */
  boolean verify(SignedAnnouncement announcement);

  /**
   * Reports two different signed updates by one signer for one round to the registry, which slashes
   * the signer.
   *
   * @return the report's transaction hash
   * @throws io.d2ora.core.round.LedgerRejectedException if the registry refuses (already slashed,
   *     evidence too late)
   * @throws io.d2ora.core.round.LedgerUnavailableException if the chain cannot be reached
   */
  String report(SignedAnnouncement first, SignedAnnouncement second);
}
