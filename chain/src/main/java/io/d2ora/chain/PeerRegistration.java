package io.d2ora.chain;

import java.util.HexFormat;
import java.util.List;

/** A libp2p peer ID (multihash bytes, as hex) and multiaddrs bound on chain to an account. */
public record PeerRegistration(EthAddress account, String peerIdHex, List<String> multiaddrs) {
  public PeerRegistration {
    multiaddrs = List.copyOf(multiaddrs);
  }

  public byte[] peerId() {
    return HexFormat.of().parseHex(peerIdHex);
  }
}
