package io.d2ora.core.round;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fully connected network of {@link InMemoryUpdateExchange}s, for tests. Announcements are
 * delivered synchronously on the announcing thread; fetches complete before they return. Peers can
 * be taken offline (gone: they neither receive nor serve) and every penalty is recorded.
 */
public final class InMemoryExchangeNetwork {
  /** A penalty one peer gave another. */
  public record Penalty(PeerRef by, PeerRef peer, Offence offence, String detail) {}

  private final Map<PeerRef, InMemoryUpdateExchange> peers = new ConcurrentHashMap<>();
  private final Map<PeerRef, Boolean> online = new ConcurrentHashMap<>();
  private final List<Penalty> penalties = new CopyOnWriteArrayList<>();

  /** Adds a peer named {@code name} that serves from {@code source}. */
  public InMemoryUpdateExchange join(String name, UpdateSource source) {
    PeerRef ref = new PeerRef(name);
    InMemoryUpdateExchange exchange = new InMemoryUpdateExchange(this, ref, source);
    if (peers.putIfAbsent(ref, exchange) != null) {
      throw new IllegalArgumentException("peer " + name + " already joined");
    }
    online.put(ref, true);
    return exchange;
  }

  /** Takes {@code peer} offline or back online. */
  public void setOnline(PeerRef peer, boolean value) {
    online.put(peer, value);
  }

  /** Every penalty given so far, in order. */
  public List<Penalty> penalties() {
    return List.copyOf(penalties);
  }

  /** Penalties given to {@code peer} for {@code offence}. */
  public long penaltiesOf(PeerRef peer, Offence offence) {
    return penalties.stream().filter(p -> p.peer().equals(peer) && p.offence() == offence).count();
  }

  boolean isOnline(PeerRef peer) {
    return online.getOrDefault(peer, false);
  }

  /** The online peers other than {@code self}, in name order. */
  List<InMemoryUpdateExchange> others(PeerRef self) {
    List<InMemoryUpdateExchange> out = new ArrayList<>();
    peers.values().stream()
        .filter(p -> !p.self().equals(self) && isOnline(p.self()))
        .sorted((a, b) -> a.self().id().compareTo(b.self().id()))
        .forEach(out::add);
    return out;
  }

  InMemoryUpdateExchange peer(PeerRef ref) {
    return peers.get(ref);
  }

  void record(Penalty penalty) {
    penalties.add(penalty);
  }
}
