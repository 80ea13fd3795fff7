package io.d2ora.app.ledger;

import static io.d2ora.app.ledger.ChainCalls.address;
import static io.d2ora.app.ledger.ChainCalls.read;

import io.d2ora.chain.ChainReader;
import io.d2ora.chain.PeerRegistration;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node reads from the registry beyond the round port: the libp2p peer registered against
 * each address (how gossip authors are bound to chain identities, and where to dial), the round
 * count, a round's creator (for the join policy) and the chain's time. Needs no key.
 *
 * <p>Any account may name any peer ID on chain, so a record counts only when its proof of
 * possession verifies ({@link PeerProofs}); others are ignored, as if the account had registered
 * nothing.
 */
public final class ChainDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(ChainDirectory.class);
  private final ChainReader chain;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  ChainDirectory(ChainReader chain) {
    this.chain = chain;
  }

  /**
   * A peer registration whose proof verified: its libp2p peer ID (multihash bytes) and multiaddrs.
   *
   * @param peerId the peer ID's bytes
   * @param multiaddrs where it listens (may be empty)
   */
  public record PeerRecord(byte[] peerId, List<String> multiaddrs) {}

  /** The peer {@code account} registered with a valid proof, if any. */
  public Optional<PeerRecord> peer(Address account) {
    Optional<PeerRegistration> r = read("read peer", () -> chain.peer(address(account)));
    return r.filter(p -> !p.peerIdHex().isEmpty())
        .filter(this::proven)
        .map(p -> new PeerRecord(p.peerId(), p.multiaddrs()));
  }

  private boolean proven(PeerRegistration r) {
    if (PeerProofs.verifies(r, chain.chainId(), chain.registryAddress())) {
      return true;
    }
    if (warned.add(r.account().hex() + "/" + r.peerIdHex() + "/" + r.proofHex())) {
      LOG.warn(
          "ignoring the peer {} that {} registered: its proof does not verify under that peer's"
              + " key",
          r.peerIdHex(),
          r.account());
    }
    return false;
  }

  /** The peer ID {@code account} registered with a valid proof, if any (a {@code PeerBinding}). */
  public Optional<byte[]> registeredPeer(Address account) {
    return peer(account).map(PeerRecord::peerId);
  }

  /** Who created round {@code id}, if the round exists. */
  public Optional<Address> roundCreator(RoundId id) {
    return read("read round", () -> chain.round(id.value())).map(r -> address(r.creator()));
  }

  /** Rounds created so far (ids are 1..count). */
  public long roundCount() {
    return read("read round count", chain::roundCount);
  }

  /** The latest block's timestamp (chain time, epoch seconds). */
  public long chainTime() {
    return read("read chain time", () -> chain.latestBlockTime().getEpochSecond());
  }
}
