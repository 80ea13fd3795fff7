package io.d2ora.p2p.discovery;

import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.transport.P2PNetworkBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link MdnsDiscoveryIT} inside a private network namespace: two hosts that know nothing of
 * each other find each other through mDNS and connect. Prints {@code CONNECTED <ms>} and exits 0,
 * or prints {@code TIMEOUT} and exits 1.
 */
public final class MdnsProbe {
  private MdnsProbe() {}

  public static void main(String[] args) throws Exception {
    P2PNetwork a = start();
    P2PNetwork b = start();
    DiscoveryConfig config = DiscoveryConfig.of(List.of()).withMdns(true, Duration.ofMillis(300));
    long t0 = System.nanoTime();
    try (ReconnectingDiscovery da = new ReconnectingDiscovery(a, config);
        ReconnectingDiscovery db = new ReconnectingDiscovery(b, config)) {
      da.start();
      db.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (System.nanoTime() < deadline) {
        if (a.connectedPeers().contains(b.localPeerId())
            && b.connectedPeers().contains(a.localPeerId())) {
          System.out.println("CONNECTED " + (System.nanoTime() - t0) / 1_000_000);
          a.close();
          b.close();
          System.exit(0);
        }
        Thread.sleep(50);
      }
    }
    System.out.println("TIMEOUT");
    System.exit(1);
  }

  private static P2PNetwork start() throws Exception {
    P2PNetwork network =
        P2PNetworkBuilder.create(
                P2PConfig.builder(PrivateKey.generateEd25519())
                    .listenAddress("/ip4/127.0.0.1/tcp/0")
                    .build())
            .build();
    network.start().get(10, TimeUnit.SECONDS);
    return network;
  }
}
