package io.d2ora.app.exchange;

import io.d2ora.core.round.AbstractUpdateExchangeTest;
import io.d2ora.core.round.UpdateExchange;
import io.d2ora.core.round.UpdateSource;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.identity.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Core's exchange contract against {@link P2PUpdateExchange}: real peer stacks on loopback sockets,
 * gossipsub announcements and {@code /d2ora/update/1.0.0} fetches, every peer dialled by every
 * other.
 */
class P2PUpdateExchangeIT extends AbstractUpdateExchangeTest {
  private static final long CHAIN_ID = 31337;
  private final List<PeerStack> stacks = new ArrayList<>();

  @Override
  protected List<UpdateExchange> startPeers(List<UpdateSource> sources) {
    List<UpdateExchange> exchanges = new ArrayList<>();
    for (UpdateSource source : sources) {
      PeerStack stack =
          PeerStack.start(
              P2PConfig.builder(PrivateKey.generateEd25519())
                  .listenAddress("/ip4/127.0.0.1/tcp/0")
                  .build(),
              List.of());
      stacks.add(stack);
      exchanges.add(stack.startExchange(CHAIN_ID, source, PeerBinding.NONE));
    }
    try {
      connectAll();
    } catch (Exception e) {
      throw new IllegalStateException("peers did not connect", e);
    }
    return exchanges;
  }

  /** Dials every pair, then waits until each peer knows every other on the announcement topic. */
  private void connectAll() throws Exception {
    for (int i = 0; i < stacks.size(); i++) {
      for (int j = i + 1; j < stacks.size(); j++) {
        var target = stacks.get(j).network();
        stacks
            .get(i)
            .network()
            .dial(target.localPeerId().appendTo(target.listenAddresses().get(0)))
            .get(timeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    String topic = P2PUpdateExchange.topic(CHAIN_ID);
    long deadline = System.nanoTime() + timeout().toNanos();
    for (PeerStack stack : stacks) {
      Set<PeerId> others = new java.util.HashSet<>();
      stacks.stream().filter(s -> s != stack).forEach(s -> others.add(s.network().localPeerId()));
      while (!stack.pubsub().peers(topic).containsAll(others)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("gossip did not learn every peer's subscription");
        }
        Thread.sleep(20);
      }
    }
  }

  @Override
  protected void stopPeers() {
    stacks.forEach(PeerStack::close);
    stacks.clear();
  }

  @Override
  protected boolean checksHashes() {
    return true;
  }

  @Override
  protected Duration timeout() {
    return Duration.ofSeconds(20);
  }
}
