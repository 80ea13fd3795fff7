package io.d2ora.app.node;

import io.d2ora.core.round.AnnouncementListener;
import io.d2ora.core.round.FetchedUpdate;
import io.d2ora.core.round.Offence;
import io.d2ora.core.round.PeerRef;
import io.d2ora.core.round.Subscription;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.core.round.UpdateExchange;
import io.d2ora.core.store.ContentHash;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A Byzantine peer's exchange: fetching and serving are the real node's; what it publishes is not.
 * {@link Fault#ANNOUNCEMENT_FLOOD} follows its genuine announcement with {@link #FLOOD}
 * announcements, signed by the node's real gossip key and naming its own address, of updates it
 * never committed.
 */
final class ByzantineExchange implements UpdateExchange {
  static final int FLOOD = 400;

  private final UpdateExchange real;
  private final Set<Fault> faults;

  ByzantineExchange(UpdateExchange real, Set<Fault> faults) {
    this.real = real;
    this.faults = faults;
  }

  @Override
  public void announce(UpdateAnnouncement announcement) {
    real.announce(announcement);
    if (faults.contains(Fault.ANNOUNCEMENT_FLOOD)) {
      for (int i = 0; i < FLOOD; i++) {
        ContentHash never = ContentHash.keccak256(ByteBuffer.allocate(4).putInt(i).array());
        real.announce(
            new UpdateAnnouncement(
                announcement.round(), announcement.signer(), never, announcement.size()));
      }
    }
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
