package io.d2ora.app.ledger;

import static io.d2ora.app.ledger.ChainCalls.address;
import static io.d2ora.app.ledger.ChainCalls.call;

import io.d2ora.chain.ChainReader;
import io.d2ora.chain.PeerRegistration;
import io.d2ora.core.round.Address;
import java.util.List;
import java.util.Optional;

/**
 * What a node reads from the registry beyond the round port: the libp2p peer registered against
 * each address (how gossip authors are bound to chain identities, and where to dial), the round
 * count and the chain's time. Needs no key.
 */
public final class ChainDirectory {
  private final ChainReader chain;

  ChainDirectory(ChainReader chain) {
    this.chain = chain;
  }

  /**
   * A peer registration: its libp2p peer ID (multihash bytes) and multiaddrs.
   *
   * @param peerId the peer ID's bytes
   * @param multiaddrs where it listens (may be empty)
   */
  public record PeerRecord(byte[] peerId, List<String> multiaddrs) {}

  /** The peer {@code account} registered, if any. */
  public Optional<PeerRecord> peer(Address account) {
    Optional<PeerRegistration> r = call("read peer", () -> chain.peer(address(account)));
    return r.filter(p -> !p.peerIdHex().isEmpty())
        .map(p -> new PeerRecord(p.peerId(), p.multiaddrs()));
  }

  /** The peer ID {@code account} registered, if any (a {@code PeerBinding}). */
  public Optional<byte[]> registeredPeer(Address account) {
    return peer(account).map(PeerRecord::peerId);
  }

  /** Rounds created so far (ids are 1..count). */
  public long roundCount() {
    return call("read round count", chain::roundCount);
  }

  /** The latest block's timestamp (chain time, epoch seconds). */
  public long chainTime() {
    return call("read chain time", () -> chain.latestBlockTime().getEpochSecond());
  }
}
