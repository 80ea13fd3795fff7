package io.d2ora.app.ledger;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.LedgerReceipt;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.tuples.generated.Tuple2;

/**
 * What a node needs from the registry beyond the round port: the libp2p peer registered against
 * each address (how gossip authors are bound to chain identities, and where to dial), and round
 * creation.
 */
public final class ChainDirectory {
  private final RegistryContract chain;

  ChainDirectory(RegistryContract chain) {
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
    Tuple2<byte[], List<String>> t =
        RegistryContract.read(() -> chain.registry.getPeer(account.hex()).send());
    if (t.component1() == null || t.component1().length == 0) {
      return Optional.empty();
    }
    return Optional.of(new PeerRecord(t.component1(), t.component2()));
  }

  /** The account that registered {@code peerId}, if any. */
  public Optional<Address> owner(byte[] peerId) {
    String owner = RegistryContract.read(() -> chain.registry.peerOwner(peerId).send());
    Address a = Address.parse(owner);
    return a.hex().equals("0x" + "0".repeat(40)) ? Optional.empty() : Optional.of(a);
  }

  /** Registers (or replaces) this node's peer ID and addresses. */
  public LedgerReceipt registerPeer(byte[] peerId, List<String> multiaddrs) {
    return RegistryContract.write(
        "register peer", () -> chain.registry.registerPeer(peerId, multiaddrs).send());
  }

  /** Rounds created so far (ids are 1..count). */
  public long roundCount() {
    return RegistryContract.read(() -> chain.registry.roundCount().send()).longValueExact();
  }

  /**
   * Creates a round without a reward pool (a rewarded round needs a token approval first).
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
    var params =
        new io.d2ora.chain.contracts.D2oraRegistry.RoundParams(
            baseModelHash.bytes(),
            configHash.bytes(),
            BigInteger.valueOf(deadlines[0]),
            BigInteger.valueOf(deadlines[1]),
            BigInteger.valueOf(deadlines[2]),
            minStake,
            BigInteger.valueOf(maxParticipants),
            BigInteger.ZERO,
            aggregator.hex());
    RegistryContract.write("create round", () -> chain.registry.createRound(params).send());
    return RoundId.of(roundCount());
  }

  /** The latest block's timestamp (chain time, epoch seconds). */
  public long chainTime() {
    return chain.latest().timestamp();
  }
}
