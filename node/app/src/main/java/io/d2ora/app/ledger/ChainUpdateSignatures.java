package io.d2ora.app.ledger;

import io.d2ora.app.exchange.SignedAnnouncement;
import io.d2ora.app.exchange.UpdateSignatures;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.SignedUpdate;
import io.d2ora.chain.signing.UpdateSigner;
import io.d2ora.core.round.Commitment;
import io.d2ora.core.round.ExchangeUnavailableException;
import io.d2ora.core.round.LedgerUnavailableException;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.core.store.ContentHash;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link UpdateSignatures} over the registry: this node signs with its chain key exactly what its
 * commit carried (read back from the chain), checks others against the round's base model hash
 * (read once per round) with the registry's EIP-712 domain, and reports equivocation with {@code
 * slashUpdateEquivocation} from this node's account.
 */
public final class ChainUpdateSignatures implements UpdateSignatures {
  private final ChainRoundLedger ledger;
  private final UpdateSigner signer;
  private final Map<RoundId, ContentHash> baseModels = new ConcurrentHashMap<>();

  public ChainUpdateSignatures(ChainRoundLedger ledger) {
    this.ledger = ledger;
    this.signer = new UpdateSigner(ledger.chainId(), EthAddress.of(ledger.registry()));
  }

  @Override
  public SignedAnnouncement sign(UpdateAnnouncement own) {
    Optional<Commitment> committed;
    try {
      committed = ledger.commitment(own.round(), ledger.self());
    } catch (LedgerUnavailableException e) {
      throw new ExchangeUnavailableException(
          "cannot read this node's commitment: " + e.getMessage());
    }
    // Not visible yet (a node reading a confirmed block lags its own receipt): try again later.
    Commitment c =
        committed.orElseThrow(
            () ->
                new ExchangeUnavailableException(
                    "this node's commitment in " + own.round() + " is not visible yet"));
    if (!c.updateHash().equals(own.updateHash())) {
      throw new IllegalStateException(
          "this node committed "
              + c.updateHash()
              + " in "
              + own.round()
              + ", not "
              + own.updateHash());
    }
    SignedUpdate s = ledger.signUpdate(own.round(), c.updateHash(), c.numSamples());
    return new SignedAnnouncement(own, c.numSamples(), s.signature());
  }

  @Override
  public boolean verify(SignedAnnouncement a) {
    return signer.verify(signed(a));
  }

  @Override
  public String report(SignedAnnouncement first, SignedAnnouncement second) {
    return ledger.reportUpdateEquivocation(signed(first), signed(second)).txHash();
  }

  private SignedUpdate signed(SignedAnnouncement a) {
    UpdateAnnouncement u = a.announcement();
    return new SignedUpdate(
        u.round().value(),
        Hash32.of(u.updateHash().hex()),
        a.numSamples(),
        Hash32.of(baseModel(u.round()).hex()),
        EthAddress.of(u.signer().hex()),
        a.signature());
  }

  private ContentHash baseModel(RoundId round) {
    ContentHash known = baseModels.get(round);
    if (known != null) {
      return known;
    }
    RoundInfo info;
    try {
      info =
          ledger
              .round(round)
              .orElseThrow(() -> new ExchangeUnavailableException("no round " + round + " yet"));
    } catch (LedgerUnavailableException e) {
      throw new ExchangeUnavailableException("cannot read round " + round + ": " + e.getMessage());
    }
    baseModels.put(round, info.baseModelHash());
    return info.baseModelHash();
  }
}
