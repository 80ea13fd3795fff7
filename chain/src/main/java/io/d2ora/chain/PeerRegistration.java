package io.d2ora.chain;

import java.util.HexFormat;
import java.util.List;

/**
 * A libp2p peer ID (multihash bytes, as hex) and multiaddrs an account named on chain, with the
 * proof it gave: the libp2p key's signature over {@link PeerProof#message}. The registry does not
 * check the proof (it cannot verify ed25519 cheaply): any account may name any peer ID, so a reader
 * must ignore a record whose proof does not verify under the key the peer ID embeds.
 */
public record PeerRegistration(
    EthAddress account, String peerIdHex, List<String> multiaddrs, String proofHex) {
  public PeerRegistration {
    multiaddrs = List.copyOf(multiaddrs);
  }

  public byte[] peerId() {
    return HexFormat.of().parseHex(peerIdHex);
  }

  public byte[] proof() {
    return HexFormat.of().parseHex(proofHex);
  }
}
