package io.d2ora.app.node;

import io.d2ora.app.exchange.AnnouncementCodec;
import io.d2ora.app.exchange.P2PUpdateExchange;
import io.d2ora.app.exchange.SignedAnnouncement;
import io.d2ora.core.round.AnnouncementListener;
import io.d2ora.core.round.FetchedUpdate;
import io.d2ora.core.round.Offence;
import io.d2ora.core.round.PeerRef;
import io.d2ora.core.round.Subscription;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.core.round.UpdateExchange;
import io.d2ora.core.store.ContentHash;
import io.d2ora.p2p.pubsub.PubSub;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A Byzantine peer's exchange: fetching and serving are the real node's; what it publishes is not.
 * {@link Fault#ANNOUNCEMENT_FLOOD} follows its genuine announcement with {@link #FLOOD} unsigned
 * announcements, published with the node's real gossip key and naming its own address, of updates
 * it never committed. {@link Fault#EQUIVOCATION} publishes, {@link #EQUIVOCATION_DELAY} after its
 * genuine announcement, a second one signing another update for the round with its chain key: at
 * once, as an equivocator would tell some peers one thing and others another, and before honest
 * peers that reject its committed update for another fault cut it off.
 */
final class ByzantineExchange implements UpdateExchange {
  static final int FLOOD = 400;
  static final Duration EQUIVOCATION_DELAY = Duration.ofMillis(200);

  private final UpdateExchange real;
  private final Supplier<PubSub> gossip;
  private final Set<Fault> faults;
  private final UnaryOperator<UpdateAnnouncement> secondUpdate;
  private final Function<UpdateAnnouncement, SignedAnnouncement> sign;

  /**
   * @param secondUpdate the other update an equivocator announces instead of the committed one
   * @param sign signs an announcement with the peer's chain key (its commitment signature)
   * @param gossip the node's gossipsub, which forged announcements are published on directly
   */
  ByzantineExchange(
      UpdateExchange real,
      Set<Fault> faults,
      UnaryOperator<UpdateAnnouncement> secondUpdate,
      Function<UpdateAnnouncement, SignedAnnouncement> sign,
      Supplier<PubSub> gossip) {
    this.real = real;
    this.gossip = gossip;
    this.faults = faults;
    this.secondUpdate = secondUpdate;
    this.sign = sign;
  }

  @Override
  public void announce(UpdateAnnouncement announcement) {
    real.announce(announcement);
    if (faults.contains(Fault.EQUIVOCATION)) {
      SignedAnnouncement other = sign.apply(secondUpdate.apply(announcement));
      CompletableFuture.delayedExecutor(EQUIVOCATION_DELAY.toMillis(), TimeUnit.MILLISECONDS)
          .execute(() -> publish(AnnouncementCodec.encode(other)));
    }
    if (faults.contains(Fault.ANNOUNCEMENT_FLOOD)) {
      for (int i = 0; i < FLOOD; i++) {
        ContentHash never = ContentHash.keccak256(ByteBuffer.allocate(4).putInt(i).array());
        publish(
            AnnouncementCodec.encode(
                new UpdateAnnouncement(
                    announcement.round(), announcement.signer(), never, announcement.size())));
      }
    }
  }

  private void publish(byte[] payload) {
    gossip.get().publish(P2PUpdateExchange.topic(TestNetwork.CHAIN_ID), payload);
  }

  @Override
  public PeerRef self() {
    return real.self();
  }

  @Override
  public Subscription subscribe(AnnouncementListener listener) {
    return real.subscribe(listener);
  }

  @Override
  public CompletableFuture<FetchedUpdate> fetch(
      ContentHash hash, List<PeerRef> providers, long maxBytes) {
    return real.fetch(hash, providers, maxBytes);
  }

  @Override
  public void penalize(PeerRef peer, Offence offence, String detail) {
    real.penalize(peer, offence, detail);
  }
}
