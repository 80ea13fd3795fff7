package io.d2ora.app.node;

import io.d2ora.app.exchange.SignedAnnouncement;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.SignedUpdate;
import io.d2ora.chain.signing.ChainKey;
import io.d2ora.chain.signing.UpdateSigner;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.round.LocalTrainer;
import io.d2ora.core.round.TrainedUpdate;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.core.round.UpdateSource;
import io.d2ora.core.store.ContentHash;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A Byzantine participant for the acceptance DSL: a {@link TestPeer}, so a real node (real chain,
 * real p2p, real model, real training), whose behaviour is switched by {@link Fault}s at the port
 * boundaries its node owns: the update its trainer hands to the round ({@link ForgedUpdates}), its
 * ledger calls ({@link ByzantineLedger}), what its exchange serves, what it publishes on gossip
 * ({@link ByzantineExchange}), and how it reads from others ({@link SlowLorisReader}). Everything
 * else is the honest node's code.
 *
 * <p>{@code ByzantinePeer.of(network, "liar", 5, "imdb", config, Fault.WRONG_SAMPLE_COUNT).peer} is
 * started, awaited and inspected like any other peer.
 */
final class ByzantinePeer {
  final TestPeer peer;
  final Set<Fault> faults;
  private final AtomicReference<ContentHash> own = new AtomicReference<>();
  private final AtomicLong ownSamples = new AtomicLong();
  private final AtomicInteger requests = new AtomicInteger();

  private ByzantinePeer(TestPeer peer, Set<Fault> faults) {
    this.peer = peer;
    this.faults = faults;
  }

  static ByzantinePeer of(
      TestNetwork network,
      String name,
      int account,
      String domain,
      Path roundConfig,
      Fault first,
      Fault... more) {
    TestPeer peer = network.peer(name, account, domain, roundConfig);
    ByzantinePeer b = new ByzantinePeer(peer, EnumSet.of(first, more));
    Uint64MaxCommit uint64Max =
        new Uint64MaxCommit(
            network.rpcUrl, TestNetwork.CHAIN_ID, network.registry, network.keys.get(account));
    peer.with(
        new NodeOverrides(
            b::training,
            b::serving,
            l -> new ByzantineLedger(l, b.faults, uint64Max),
            e ->
                new ByzantineExchange(
                    e,
                    b.faults,
                    ByzantinePeer::otherUpdate,
                    b.signer(network, account),
                    () -> peer.node().peers.pubsub())));
    if (b.faults.contains(Fault.SLOW_LORIS)) {
      peer.attacking(SlowLorisReader::start);
    }
    return b;
  }

  /** Whether an honest network must include this peer's update in the round's result. */
  boolean updateIncluded() {
    return faults.stream()
        .allMatch(f -> f.target == Fault.Target.ATTESTATION || f.target == Fault.Target.NETWORK);
  }

  /**
   * Whether this peer counts towards the quorum without attesting the honest result: it committed,
   * is not slashed, and votes for something else. Honest peers must outnumber these (the quorum is
   * more than half of the counted participants).
   */
  boolean dissents() {
    boolean counted =
        faults.stream()
            .noneMatch(
                f -> f.target == Fault.Target.SLASHED || f.target == Fault.Target.NO_COMMITMENT);
    return counted && (!updateIncluded() || faults.contains(Fault.WRONG_ATTESTATION));
  }

  /** Another update of the same round and size: what an equivocator claims elsewhere. */
  private static UpdateAnnouncement otherUpdate(UpdateAnnouncement a) {
    ContentHash other = ContentHash.keccak256(("other " + a.updateHash().hex()).getBytes());
    return new UpdateAnnouncement(a.round(), a.signer(), other, a.size());
  }

  /** Signs announcements with this peer's chain key over its committed sample count. */
  private Function<UpdateAnnouncement, SignedAnnouncement> signer(
      TestNetwork network, int account) {
    ChainKey key = ChainKey.fromPrivateKeyHex(network.keys.get(account));
    UpdateSigner signer = new UpdateSigner(TestNetwork.CHAIN_ID, EthAddress.of(network.registry));
    Hash32 base = Hash32.of(network.base.hash().hex());
    return a -> {
      SignedUpdate s =
          signer.sign(
              key, a.round().value(), Hash32.of(a.updateHash().hex()), ownSamples.get(), base);
      return new SignedAnnouncement(a, ownSamples.get(), s.signature());
    };
  }

  private LocalTrainer training(LocalTrainer honest) {
    return context -> {
      TrainedUpdate u = honest.train(context);
      byte[] bytes = u.bytes();
      long samples = u.numSamples();
      if (faults.contains(Fault.WRONG_RANK)) {
        int rank = SafetensorsCodec.decode(bytes).config().r();
        bytes = ForgedUpdates.withRank(bytes, rank + 1);
      }
      if (faults.contains(Fault.HUGE_TENSORS)) {
        bytes = ForgedUpdates.huge(bytes);
      }
      if (faults.contains(Fault.NAN_TENSORS)) {
        bytes = ForgedUpdates.withNaN(bytes);
      }
      if (faults.contains(Fault.WRONG_SAMPLE_COUNT)) {
        samples *= 2;
      }
      own.set(ContentHash.keccak256(bytes));
      ownSamples.set(samples);
      return new TrainedUpdate(bytes, samples);
    };
  }

  /**
   * Serves others' updates honestly and its own as the faults say: nothing ({@link
   * Fault#WITHHOLD}), other bytes ({@link Fault#SERVE_OTHER}), or with both, each in turn.
   */
  private UpdateSource serving(UpdateSource honest) {
    return hash -> {
      boolean withhold = faults.contains(Fault.WITHHOLD);
      boolean other = faults.contains(Fault.SERVE_OTHER);
      if (!hash.equals(own.get()) || !(withhold || other)) {
        return honest.find(hash);
      }
      if (withhold && (!other || requests.getAndIncrement() % 2 == 0)) {
        return Optional.empty();
      }
      return honest.find(hash).map(ForgedUpdates::other);
    };
  }
}
