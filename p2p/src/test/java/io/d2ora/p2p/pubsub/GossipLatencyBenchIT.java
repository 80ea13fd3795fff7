package io.d2ora.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs {@link GossipLatencyBench} once so the figure is printed with every IT run. */
class GossipLatencyBenchIT {
  @Test
  void shouldDeliverEveryBenchMessageToAllEightPeers() throws Exception {
    String report = GossipLatencyBench.run(100);

    System.out.println(report);
    assertThat(report).contains("all 8 peers p50");
  }
}
