package io.d2ora.p2p.pubsub;

import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.transport.P2PNetworkBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Real Java libp2p hosts on loopback (port 0) with gossipsub, for ITs and the latency bench. */
final class JavaPeers implements AutoCloseable {
  static final GossipSubConfig FAST =
      GossipSubConfig.builder().heartbeatInterval(Duration.ofMillis(100)).build();

  final List<P2PNetwork> networks = new ArrayList<>();
  final List<GossipSub> pubsubs = new ArrayList<>();

  P2PNetwork startNetwork() throws Exception {
    P2PNetwork network =
        P2PNetworkBuilder.create(
                P2PConfig.builder(PrivateKey.generateEd25519())
                    .listenAddress("/ip4/127.0.0.1/tcp/0")
                    .build())
            .build();
    network.start().get(10, TimeUnit.SECONDS);
    networks.add(network);
    return network;
  }

  /** Starts {@code count} hosts with gossipsub attached. */
  List<GossipSub> start(int count, GossipSubConfig config) throws Exception {
    for (int i = 0; i < count; i++) {
      pubsubs.add(GossipSub.attach(startNetwork(), config));
    }
    return pubsubs;
  }

  static Multiaddr address(P2PNetwork network) {
    return network.localPeerId().appendTo(network.listenAddresses().get(0));
  }

  /** Each host dials the next {@code degree} hosts on a ring: connected, but not a clique. */
  void connectRing(int degree) throws Exception {
    int n = networks.size();
    for (int i = 0; i < n; i++) {
      for (int k = 1; k <= degree; k++) {
        networks.get(i).dial(address(networks.get((i + k) % n))).get(10, TimeUnit.SECONDS);
      }
    }
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    pubsubs.forEach(GossipSub::close);
    networks.forEach(P2PNetwork::close);
  }
}
