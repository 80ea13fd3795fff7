package io.d2ora.p2p.pubsub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Gossip delivery latency to 8 peers (Java, loopback, TCP + Noise + yamux): one publisher and 8
 * subscribers on a ring of degree 2; per message, the time from publish until the k-th subscriber
 * has it. Prints figures; asserts nothing. Run: {@code scripts/bench.sh gossip-latency [messages]}.
 */
public final class GossipLatencyBenchmark {
  private static final String TOPIC = "d2ora/bench";

  private GossipLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.out.println(run(args.length > 0 ? Integer.parseInt(args[0]) : 200));
  }

  /** Runs the benchmark and returns the printed report. */
  private static String run(int messages) throws Exception {
    try (JavaPeers peers = new JavaPeers()) {
      List<GossipSub> nodes = peers.start(9, JavaPeers.FAST);
      peers.connectRing(2);
      Map<String, long[]> arrivals = new ConcurrentHashMap<>();
      Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();
      for (int i = 1; i < nodes.size(); i++) {
        int subscriber = i;
        nodes
            .get(i)
            .subscribe(
                TOPIC,
                Validator.ACCEPT_ALL,
                m -> {
                  String key = new String(m.data());
                  arrivals.get(key)[subscriber - 1] = System.nanoTime();
                  latches.get(key).countDown();
                });
      }
      nodes.get(0).subscribe(TOPIC, Validator.ACCEPT_ALL, m -> {});
      JavaPeers.await(
          "mesh",
          Duration.ofSeconds(10),
          () -> nodes.stream().allMatch(n -> n.meshPeers(TOPIC).size() >= 2));
      List<Double> lastPeerMs = new ArrayList<>();
      List<Double> anyPeerMs = new ArrayList<>();
      for (int k = -20; k < messages; k++) {
        String key = "m" + k;
        arrivals.put(key, new long[8]);
        latches.put(key, new CountDownLatch(8));
        long t0 = System.nanoTime();
        nodes.get(0).publish(TOPIC, key.getBytes());
        if (!latches.get(key).await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("message " + key + " did not reach all 8 peers");
        }
        if (k >= 0) {
          long[] at = arrivals.get(key).clone();
          Arrays.sort(at);
          anyPeerMs.add((at[0] - t0) / 1e6);
          lastPeerMs.add((at[7] - t0) / 1e6);
        }
      }
      return "gossip delivery to 8 peers over %d messages (after 20 warm-up): first peer p50 %.2f ms; all 8 peers p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms"
          .formatted(
              messages,
              pct(anyPeerMs, 50),
              pct(lastPeerMs, 50),
              pct(lastPeerMs, 90),
              pct(lastPeerMs, 99),
              pct(lastPeerMs, 100));
    }
  }

  private static double pct(List<Double> values, int p) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, index)];
  }
}
