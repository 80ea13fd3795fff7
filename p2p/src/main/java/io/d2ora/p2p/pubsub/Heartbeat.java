package io.d2ora.p2p.pubsub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Mesh and fanout maintenance, and gossip emission (gossipsub spec, "Heartbeat"; v1.1 keeps the
 * best-scoring D_score peers when pruning). Also joining and leaving a topic, which maintain the
 * same structures. Runs on the router thread.
 */
final class Heartbeat {
  private final GossipRouter r;
  private final ControlHandler prunes;

  Heartbeat(GossipRouter router, ControlHandler prunes) {
    this.r = router;
    this.prunes = prunes;
  }

  void run() {
    long now = r.clock.getAsLong();
    r.ihavesThisHeartbeat.clear();
    r.idsAskedThisHeartbeat.clear();
    for (PeerKey peer : new ArrayList<>(r.peers.keySet())) {
      r.disconnectIfBelowThreshold(peer);
    }
    for (String topic : r.subscriptions) {
      maintainMesh(topic, now);
    }
    maintainFanout(now);
    emitGossip();
    r.mcache.shift();
    r.backoffs.prune(now);
    r.score.decay();
  }

  /** JOIN(topic): mesh from fanout peers first, topped up with random topic peers, all grafted. */
  void join(String topic) {
    long now = r.clock.getAsLong();
    Set<PeerKey> mesh = r.mesh.computeIfAbsent(topic, t -> new HashSet<>());
    Set<PeerKey> fromFanout = r.fanout.remove(topic);
    r.fanoutLastPublished.remove(topic);
    if (fromFanout != null) {
      for (PeerKey peer : fromFanout) {
        if (mesh.size() < r.config.d() && graftable(topic, peer, now)) {
          mesh.add(peer);
        }
      }
    }
    for (PeerKey peer : r.gossipPeers(topic, p -> mesh.contains(p) || !graftable(topic, p, now))) {
      if (mesh.size() >= r.config.d()) {
        break;
      }
      mesh.add(peer);
    }
    mesh.forEach(peer -> r.pending.graft(peer, topic));
  }

  /** LEAVE(topic): PRUNE every mesh peer with the unsubscribe backoff. */
  void leave(String topic) {
    Set<PeerKey> mesh = r.mesh.remove(topic);
    if (mesh == null) {
      return;
    }
    long backoff = r.config.unsubscribeBackoff().toSeconds();
    for (PeerKey peer : mesh) {
      r.pending.prune(peer, prunes.prune(peer, topic, true, backoff));
    }
  }

  /** The fanout peers of a topic we publish to without subscribing; created on first use. */
  Set<PeerKey> fanoutFor(String topic) {
    Set<PeerKey> fanout = r.fanout.computeIfAbsent(topic, t -> new HashSet<>());
    if (fanout.size() < r.config.d()) {
      for (PeerKey peer :
          r.gossipPeers(topic, p -> fanout.contains(p) || r.score.belowPublish(p))) {
        if (fanout.size() >= r.config.d()) {
          break;
        }
        fanout.add(peer);
      }
    }
    return fanout;
  }

  private boolean graftable(String topic, PeerKey peer, long now) {
    return !r.backoffs.active(topic, peer, now) && r.score.score(peer) >= 0;
  }

  private void maintainMesh(String topic, long now) {
    Set<PeerKey> mesh = r.mesh.computeIfAbsent(topic, t -> new HashSet<>());
    for (PeerKey peer : new ArrayList<>(mesh)) {
      if (r.score.score(peer) < 0) {
        mesh.remove(peer);
        r.pending.prune(peer, prunes.prune(peer, topic, false));
      }
    }
    if (mesh.size() < r.config.dLo()) {
      for (PeerKey peer :
          r.gossipPeers(topic, p -> mesh.contains(p) || !graftable(topic, p, now))) {
        if (mesh.size() >= r.config.d()) {
          break;
        }
        mesh.add(peer);
        r.pending.graft(peer, topic);
      }
    }
    if (mesh.size() > r.config.dHi()) {
      for (PeerKey peer : selectSurplus(mesh)) {
        mesh.remove(peer);
        r.pending.prune(peer, prunes.prune(peer, topic, true));
      }
    }
  }

  /**
   * Which peers to prune from an oversubscribed mesh: keep the D_score best by score, then random
   * others up to D; the rest go.
   */
  private List<PeerKey> selectSurplus(Set<PeerKey> mesh) {
    List<PeerKey> ordered = new ArrayList<>(mesh);
    Collections.shuffle(ordered, r.random);
    ordered.sort(Comparator.comparingDouble((PeerKey p) -> r.score.score(p)).reversed());
    int keepByScore = Math.min(r.config.dScore(), r.config.d());
    List<PeerKey> rest = new ArrayList<>(ordered.subList(keepByScore, ordered.size()));
    Collections.shuffle(rest, r.random);
    return rest.subList(r.config.d() - keepByScore, rest.size());
  }

  private void maintainFanout(long now) {
    long ttl = r.config.fanoutTtl().toMillis();
    for (String topic : new ArrayList<>(r.fanout.keySet())) {
      Long last = r.fanoutLastPublished.get(topic);
      if (last == null || last + ttl < now) {
        r.fanout.remove(topic);
        r.fanoutLastPublished.remove(topic);
        continue;
      }
      Set<PeerKey> inTopic = r.topicPeers.getOrDefault(topic, Set.of());
      r.fanout.get(topic).removeIf(p -> !inTopic.contains(p) || r.score.belowPublish(p));
      fanoutFor(topic);
    }
  }

  /** IHAVE the recent message ids of each mesh/fanout topic to D_lazy non-mesh peers. */
  private void emitGossip() {
    Set<String> topics = new HashSet<>(r.mesh.keySet());
    topics.addAll(r.fanout.keySet());
    for (String topic : topics) {
      List<MessageId> ids = r.mcache.gossipIds(topic);
      if (ids.isEmpty()) {
        continue;
      }
      Set<PeerKey> exclude = new HashSet<>(r.mesh.getOrDefault(topic, Set.of()));
      exclude.addAll(r.fanout.getOrDefault(topic, Set.of()));
      List<PeerKey> candidates =
          r.gossipPeers(topic, p -> exclude.contains(p) || r.score.belowGossip(p));
      int target = Math.max(r.config.dLazy(), (int) (r.config.gossipFactor() * candidates.size()));
      for (PeerKey peer : candidates.subList(0, Math.min(target, candidates.size()))) {
        List<MessageId> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, r.random);
        List<MessageId> advertised =
            shuffled.subList(0, Math.min(shuffled.size(), r.config.maxIHaveLength()));
        r.pending.ihave(
            peer, new Rpc.IHave(topic, advertised.stream().map(MessageId::raw).toList()));
      }
    }
  }
}
