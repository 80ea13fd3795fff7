package io.d2ora.p2p;

import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.identity.PublicKey;
import io.d2ora.p2p.multiformats.Multiaddr;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a peer told us about itself through identify
 * (https://github.com/libp2p/specs/tree/master/identify).
 *
 * @param peerId the authenticated peer
 * @param publicKey its public key
 * @param protocolVersion e.g. {@code ipfs/0.1.0}
 * @param agentVersion e.g. {@code js-libp2p/3.3.11}
 * @param listenAddresses the addresses it listens on
 * @param observedAddress how it sees us, if it said
 * @param protocols the protocol ids it serves
 */
public record PeerInfo(
    PeerId peerId,
    PublicKey publicKey,
    String protocolVersion,
    String agentVersion,
    List<Multiaddr> listenAddresses,
    Optional<Multiaddr> observedAddress,
    Set<String> protocols) {
  public PeerInfo {
    listenAddresses = List.copyOf(listenAddresses);
    protocols = Set.copyOf(protocols);
  }
}
