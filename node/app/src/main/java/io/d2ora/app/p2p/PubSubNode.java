package io.d2ora.app.p2p;

import io.d2ora.app.cli.UserException;
import io.d2ora.app.exchange.PeerStack;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PException;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.pubsub.PubSub;
import java.util.List;

/** A started peer stack without the update exchange, for the diagnostic commands. */
final class PubSubNode implements AutoCloseable {
  final P2PNetwork network;
  final PubSub pubsub;
  private final PeerStack peers;

  private PubSubNode(PeerStack peers) {
    this.peers = peers;
    this.network = peers.network();
    this.pubsub = peers.pubsub();
  }

  static PubSubNode start(PubSubNodeOptions options) {
    P2PConfig config =
        P2PConfig.builder(options.identity())
            .listenAddresses(List.of(options.listenAddress()))
            .build();
    try {
      return new PubSubNode(PeerStack.start(config, options.peerAddresses()));
    } catch (P2PException e) {
      throw new UserException("cannot listen on " + options.listen + ": " + e.getMessage(), e);
    }
  }

  /** Our listen addresses with {@code /p2p/<id>}, as others should dial them. */
  List<String> addresses() {
    return peers.addresses();
  }

  @Override
  public void close() {
    peers.close();
  }
}
