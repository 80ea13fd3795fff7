package io.d2ora.app.ledger;

import static io.d2ora.app.ledger.ChainCalls.address;
import static io.d2ora.app.ledger.ChainCalls.call;
import static io.d2ora.app.ledger.ChainCalls.hash;

import io.d2ora.chain.ChainClient;
import io.d2ora.chain.PeerRegistration;
import io.d2ora.chain.RoundParams;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.LedgerReceipt;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a node needs from the registry beyond the round port: the libp2p peer registered against
 * each address (how gossip authors are bound to chain identities, and where to dial), and round
 * creation.
 */
public final class ChainDirectory {
  private final ChainClient chain;

  ChainDirectory(ChainClient chain) {
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
    Optional<PeerRecord> record =
        r.filter(p -> !p.peerIdHex().isEmpty())
            .map(p -> new PeerRecord(p.peerId(), p.multiaddrs()));
    return record;
  }

  /** The peer ID {@code account} registered, if any (a {@code PeerBinding}). */
  public Optional<byte[]> registeredPeer(Address account) {
    return peer(account).map(PeerRecord::peerId);
  }

  /** Registers (or replaces) this node's peer ID and addresses. */
  public LedgerReceipt registerPeer(byte[] peerId, List<String> multiaddrs) {
    var r = call("register peer", () -> chain.registerPeer(peerId, multiaddrs));
    return new LedgerReceipt(r.transactionHash().hex(), r.blockNumber());
  }

  /** Who created round {@code id}, if the round exists. */
  public Optional<Address> roundCreator(RoundId id) {
    return call("read round", () -> chain.round(id.value())).map(r -> address(r.creator()));
  }

  /** Rounds created so far (ids are 1..count). */
  public long roundCount() {
    return call("read round count", chain::roundCount);
  }

  /**
   * Creates a round without a reward pool.
   *
   * @param deadlines join, commit and finalize deadlines, contract semantics (exclusive, epoch s)
   * @return the new round's id
   */
  public RoundId createRound(
      ContentHash baseModelHash,
      ContentHash configHash,
      long[] deadlines,
      BigInteger minStake,
      int maxParticipants,
      Address aggregator) {
    RoundParams params =
        new RoundParams(
            hash(baseModelHash),
            hash(configHash),
            Instant.ofEpochSecond(deadlines[0]),
            Instant.ofEpochSecond(deadlines[1]),
            Instant.ofEpochSecond(deadlines[2]),
            minStake,
            maxParticipants,
            BigInteger.ZERO,
            address(aggregator));
    return RoundId.of(call("create round", () -> chain.createRound(params)));
  }

  /** The latest block's timestamp (chain time, epoch seconds). */
  public long chainTime() {
    return call("read chain time", () -> chain.latestBlockTime().getEpochSecond());
  }
}
