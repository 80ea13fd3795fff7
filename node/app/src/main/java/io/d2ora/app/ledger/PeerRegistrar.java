package io.d2ora.app.ledger;

import io.d2ora.chain.EthAddress;
import io.d2ora.core.round.LedgerReceipt;
import io.d2ora.p2p.identity.PrivateKey;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Registers a node's libp2p identity on chain with a proof of possession. Another account naming
 * the same peer ID first does not stop it (the registry has no first-come lock-out) and does not
 * confuse readers (they ignore that account's unproven record).
 */
public final class PeerRegistrar {
  private PeerRegistrar() {}

  /**
   * Registers {@code key}'s peer ID and {@code multiaddrs} for the ledger's account unless the
   * chain already holds exactly that record with a valid proof; returns the receipt when it sent.
   */
  public static Optional<LedgerReceipt> ensureRegistered(
      ChainRoundLedger ledger, PrivateKey key, List<String> multiaddrs) {
    byte[] id = key.peerId().bytes();
    var current = ledger.directory().peer(ledger.self());
    if (current.isPresent()
        && Arrays.equals(current.get().peerId(), id)
        && current.get().multiaddrs().equals(multiaddrs)) {
      return Optional.empty();
    }
    byte[] proof =
        PeerProofs.sign(
            key,
            ledger.chainId(),
            EthAddress.of(ledger.registry()),
            EthAddress.of(ledger.self().hex()));
    return Optional.of(ledger.registerPeer(id, multiaddrs, proof));
  }
}
