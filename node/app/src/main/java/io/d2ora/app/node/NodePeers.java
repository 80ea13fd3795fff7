package io.d2ora.app.node;

import io.d2ora.app.dashboard.PeerSource;
import io.d2ora.app.exchange.PeerStack;
import io.d2ora.p2p.Connection;
import io.d2ora.p2p.PeerInfo;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.pubsub.GossipSub;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** A running node's connected peers for the dashboard: addresses, state and gossip score. */
final class NodePeers implements PeerSource {
  private final PeerStack peers;

  NodePeers(PeerStack peers) {
    this.peers = peers;
  }

  @Override
  public Optional<List<LivePeer>> live() {
    List<LivePeer> out = new ArrayList<>();
    for (PeerId id : peers.network().connectedPeers()) {
      List<String> addresses = new ArrayList<>();
      Optional<Connection> c = peers.network().connection(id);
      c.ifPresent(conn -> addresses.add(conn.remoteAddress().toString() + " (connection)"));
      Optional<PeerInfo> info = peers.network().peerInfo(id);
      info.ifPresent(
          i -> i.listenAddresses().stream().map(Multiaddr::toString).forEach(addresses::add));
      OptionalDouble score =
          peers.pubsub() instanceof GossipSub g
              ? OptionalDouble.of(g.score(id))
              : OptionalDouble.empty();
      out.add(
          new LivePeer(
              id.toString(),
              addresses,
              c.isPresent() ? "connected" : "connecting",
              score,
              info.map(PeerInfo::agentVersion).orElse("not identified")));
    }
    return Optional.of(out);
  }
}
