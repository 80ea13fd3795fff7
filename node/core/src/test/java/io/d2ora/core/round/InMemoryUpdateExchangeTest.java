package io.d2ora.core.round;

import java.util.ArrayList;
import java.util.List;

class InMemoryUpdateExchangeTest extends AbstractUpdateExchangeTest {
  @Override
  protected List<UpdateExchange> startPeers(List<UpdateSource> sources) {
    InMemoryExchangeNetwork network = new InMemoryExchangeNetwork();
    List<UpdateExchange> peers = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      peers.add(network.join("peer-" + i, sources.get(i)));
    }
    return peers;
  }
}
