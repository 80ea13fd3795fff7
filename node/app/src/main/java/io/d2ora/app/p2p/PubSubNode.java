package io.d2ora.app.p2p;

import io.d2ora.app.cli.UserException;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.discovery.DiscoveryConfig;
import io.d2ora.p2p.discovery.ReconnectingDiscovery;
import io.d2ora.p2p.pubsub.GossipSub;
import io.d2ora.p2p.pubsub.GossipSubConfig;
import io.d2ora.p2p.transport.P2PNetworkBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A started network with gossipsub and discovery, for the diagnostic commands. */
final class PubSubNode implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  final P2PNetwork network;
  final GossipSub pubsub;
  private final ReconnectingDiscovery discovery;

  private PubSubNode(P2PNetwork network, GossipSub pubsub, ReconnectingDiscovery discovery) {
    this.network = network;
    this.pubsub = pubsub;
    this.discovery = discovery;
  }

  static PubSubNode start(PubSubNodeOptions options) {
    P2PConfig config =
        P2PConfig.builder(options.identity())
            .listenAddresses(List.of(options.listenAddress()))
            .build();
    P2PNetwork network = P2PNetworkBuilder.create(config).build();
    try {
      network.start().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      network.close();
      throw new UserException("cannot listen on " + options.listen + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      network.close();
      throw new IllegalStateException("interrupted while starting", e);
    }
    GossipSub pubsub = GossipSub.attach(network, GossipSubConfig.DEFAULT);
    ReconnectingDiscovery discovery =
        new ReconnectingDiscovery(network, DiscoveryConfig.of(options.peerAddresses()));
    discovery.start();
    return new PubSubNode(network, pubsub, discovery);
  }

  /** Our listen addresses with {@code /p2p/<id>}, as others should dial them. */
  List<String> addresses() {
    return network.listenAddresses().stream()
        .map(a -> network.localPeerId().appendTo(a).toString())
        .toList();
  }

  @Override
  public void close() {
    discovery.close();
    pubsub.close();
    network.close();
  }
}
