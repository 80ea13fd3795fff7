package io.d2ora.app.ledger;

import io.d2ora.chain.EthAddress;
import io.d2ora.chain.PeerProof;
import io.d2ora.chain.PeerRegistration;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.identity.PublicKey;
import java.util.Optional;

/**
 * The proof that binds a libp2p peer ID to a chain account: the peer key's signature over {@link
 * PeerProof#message} (chain id, registry, account). The registry stores any record any account
 * sends; this is where a node decides which ones to believe. Composes the p2p and chain modules,
 * which know nothing of each other.
 */
public final class PeerProofs {
  private PeerProofs() {}

  /** Signs, with the node's libp2p key, that {@code account} may name its peer ID. */
  public static byte[] sign(PrivateKey key, long chainId, EthAddress registry, EthAddress account) {
    return key.sign(PeerProof.message(chainId, registry, account));
  }

  /**
   * Whether {@code record}'s proof verifies under the key its peer ID embeds, for the account that
   * registered it. A peer ID whose key is not inlined, a malformed ID or a wrong signature does
   * not.
   */
  public static boolean verifies(PeerRegistration record, long chainId, EthAddress registry) {
    Optional<PublicKey> key;
    try {
      key = new PeerId(record.peerId()).publicKey();
    } catch (RuntimeException e) {
      return false;
    }
    byte[] message = PeerProof.message(chainId, registry, record.account());
    return key.isPresent() && key.get().verify(message, record.proof());
  }
}
