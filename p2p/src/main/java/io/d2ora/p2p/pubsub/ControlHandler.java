package io.d2ora.p2p.pubsub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Handles inbound gossipsub control messages (spec: "Control Messages", v1.1 "Prune Backoff and
 * Peer Exchange", "Spam Protection"). Replies are queued on the router's pending RPCs, so they ride
 * on the next frame to the peer.
 */
final class ControlHandler {
  private final GossipRouter r;

  ControlHandler(GossipRouter router) {
    this.r = router;
  }

  void handle(PeerKey from, Rpc.Control control) {
    for (Rpc.IHave ihave : control.ihave()) {
      handleIHave(from, ihave);
    }
    handleIWant(from, control.iwant());
    for (Rpc.Graft graft : control.graft()) {
      handleGraft(from, graft.topic());
    }
    for (Rpc.Prune prune : control.prune()) {
      handlePrune(from, prune);
    }
  }

  /** Asks for advertised messages we have not seen, within the per-heartbeat limits. */
  private void handleIHave(PeerKey from, Rpc.IHave ihave) {
    if (r.score.belowGossip(from) || !r.subscriptions.contains(ihave.topic())) {
      return;
    }
    int received = r.ihavesThisHeartbeat.merge(from, 1, Integer::sum);
    int asked = r.idsAskedThisHeartbeat.getOrDefault(from, 0);
    if (received > r.config.maxIHaveMessages() || asked >= r.config.maxIHaveLength()) {
      return;
    }
    Set<MessageId> wanted = new HashSet<>();
    for (byte[] raw : ihave.messageIds()) {
      if (raw.length == 0) {
        continue;
      }
      MessageId id = new MessageId(raw);
      if (!r.seen(id) && !r.mcache.contains(id)) {
        wanted.add(id);
      }
    }
    if (wanted.isEmpty()) {
      return;
    }
    List<MessageId> ask = new ArrayList<>(wanted);
    Collections.shuffle(ask, r.random);
    ask = ask.subList(0, Math.min(ask.size(), r.config.maxIHaveLength() - asked));
    r.idsAskedThisHeartbeat.put(from, asked + ask.size());
    r.pending.iwant(from, new Rpc.IWant(ask.stream().map(MessageId::raw).toList()));
  }

  /** Serves requested messages from the cache, each at most gossipRetransmission times. */
  private void handleIWant(PeerKey from, List<Rpc.IWant> iwants) {
    if (iwants.isEmpty() || r.score.belowGossip(from)) {
      return;
    }
    for (Rpc.IWant iwant : iwants) {
      for (byte[] raw : iwant.messageIds()) {
        if (raw.length == 0) {
          continue;
        }
        WireMessage message =
            r.mcache.serve(new MessageId(raw), from, r.config.gossipRetransmission());
        if (message != null) {
          r.pending.message(from, message);
        }
      }
    }
  }

  private void handleGraft(PeerKey from, String topic) {
    if (!r.subscriptions.contains(topic)) {
      // Not our topic: refuse without peer exchange, so as not to leak our peers.
      r.pending.prune(from, prune(from, topic, false));
      return;
    }
    Set<PeerKey> mesh = r.mesh.computeIfAbsent(topic, t -> new HashSet<>());
    if (mesh.contains(from)) {
      return;
    }
    long now = r.clock.getAsLong();
    if (r.backoffs.active(topic, from, now)) {
      // Grafting while backed off is a protocol breach (v1.1): penalise and refresh the backoff.
      r.score.penalise(from, PeerScore.Penalty.BEHAVIOUR);
      r.pending.prune(from, prune(from, topic, false));
      r.disconnectIfBelowThreshold(from);
      return;
    }
    if (r.score.score(from) < 0 || mesh.size() >= r.config.dHi()) {
      r.pending.prune(from, prune(from, topic, r.score.score(from) >= 0));
      return;
    }
    mesh.add(from);
  }

  private void handlePrune(PeerKey from, Rpc.Prune prune) {
    Set<PeerKey> mesh = r.mesh.get(prune.topic());
    if (mesh != null) {
      mesh.remove(from);
    }
    long backoffSeconds =
        prune.backoffSeconds() > 0
            ? Math.min(prune.backoffSeconds(), Backoffs.MAX_SECONDS)
            : r.config.pruneBackoff().toSeconds();
    r.backoffs.start(prune.topic(), from, r.clock.getAsLong() + backoffSeconds * 1000);
    if (!prune.peers().isEmpty() && r.score.score(from) >= 0) {
      exchangePeers(prune.peers());
    }
  }

  /** Dials up to prunePeers unknown candidates from a PRUNE's peer exchange. */
  private void exchangePeers(List<Rpc.PeerInfo> candidates) {
    List<Rpc.PeerInfo> shuffled = new ArrayList<>(candidates);
    Collections.shuffle(shuffled, r.random);
    int dialled = 0;
    for (Rpc.PeerInfo info : shuffled) {
      if (dialled >= r.config.prunePeers()) {
        break;
      }
      if (info.peerId() == null || info.peerId().length == 0) {
        continue;
      }
      PeerKey candidate = new PeerKey(info.peerId());
      if (!r.peers.containsKey(candidate)) {
        r.io.connect(candidate);
        dialled++;
      }
    }
  }

  /**
   * Builds a PRUNE for {@code peer} and starts our side of the backoff. With {@code exchange}, it
   * carries up to prunePeers other topic peers (v1.1 peers only).
   */
  Rpc.Prune prune(PeerKey peer, String topic, boolean exchange) {
    return prune(peer, topic, exchange, r.config.pruneBackoff().toSeconds());
  }

  /** As {@link #prune(PeerKey, String, boolean)} with an explicit backoff in seconds. */
  Rpc.Prune prune(PeerKey peer, String topic, boolean exchange, long backoff) {
    r.backoffs.start(topic, peer, r.clock.getAsLong() + backoff * 1000);
    PubSubProtocol protocol = r.peers.get(peer);
    if (protocol == null || !protocol.supportsPeerExchange()) {
      return new Rpc.Prune(topic, List.of(), 0);
    }
    List<Rpc.PeerInfo> px = new ArrayList<>();
    if (exchange) {
      for (PeerKey candidate : r.gossipPeers(topic, p -> p.equals(peer) || r.score.score(p) < 0)) {
        if (px.size() == r.config.prunePeers()) {
          break;
        }
        px.add(new Rpc.PeerInfo(candidate.bytes(), null));
      }
    }
    return new Rpc.Prune(topic, px, backoff);
  }
}
