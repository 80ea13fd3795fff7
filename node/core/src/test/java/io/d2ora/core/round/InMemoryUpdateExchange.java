package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** One peer of an {@link InMemoryExchangeNetwork}. */
public final class InMemoryUpdateExchange implements UpdateExchange {
  private final InMemoryExchangeNetwork network;
  private final PeerRef self;
  private final UpdateSource source;
  private final List<AnnouncementListener> listeners = new CopyOnWriteArrayList<>();
  private final Set<PeerRef> dropped = ConcurrentHashMap.newKeySet();

  InMemoryUpdateExchange(InMemoryExchangeNetwork network, PeerRef self, UpdateSource source) {
    this.network = network;
    this.self = self;
    this.source = source;
  }

  @Override
  public PeerRef self() {
    return self;
  }

  @Override
  public void announce(UpdateAnnouncement announcement) {
    if (!network.isOnline(self)) {
      throw new ExchangeUnavailableException(self + " is offline");
    }
    for (InMemoryUpdateExchange peer : network.others(self)) {
      peer.listeners.forEach(l -> l.onAnnouncement(announcement, self));
    }
  }

  @Override
  public Subscription subscribe(AnnouncementListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public CompletableFuture<FetchedUpdate> fetch(
      ContentHash hash, List<PeerRef> providers, long maxBytes) {
    if (!network.isOnline(self)) {
      return CompletableFuture.failedFuture(new ExchangeUnavailableException(self + " is offline"));
    }
    Set<PeerRef> order = new LinkedHashSet<>(providers);
    network.others(self).forEach(p -> order.add(p.self()));
    for (PeerRef ref : order) {
      InMemoryUpdateExchange peer = network.peer(ref);
      if (peer == null || ref.equals(self) || dropped.contains(ref) || !network.isOnline(ref)) {
        continue;
      }
      Optional<byte[]> bytes = peer.source.find(hash);
      if (bytes.isPresent() && bytes.get().length <= maxBytes) {
        return CompletableFuture.completedFuture(new FetchedUpdate(bytes.get().clone(), ref));
      }
    }
    return CompletableFuture.failedFuture(
        new UpdateUnavailableException("no peer of " + self + " serves " + hash));
  }

  @Override
  public void penalize(PeerRef peer, Offence offence, String detail) {
    network.record(new InMemoryExchangeNetwork.Penalty(self, peer, offence, detail));
    if (offence == Offence.HASH_MISMATCH || offence == Offence.INVALID_UPDATE) {
      dropped.add(peer);
    }
  }
}
