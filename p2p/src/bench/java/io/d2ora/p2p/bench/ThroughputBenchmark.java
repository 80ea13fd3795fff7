package io.d2ora.p2p.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.SinkProtocol;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.interop.JsPeer;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.transport.P2PNetworkBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Prints throughput of a 64 MiB transfer (one stream, eight concurrent streams) for Java->Java,
 * Java->js, js->Java and js->js over loopback, as MB/s and as ratios to js->js, plus connection
 * handshake latency (TCP + multistream + Noise + yamux). Not a test: it asserts nothing. Run:
 * {@code scripts/bench.sh p2p-throughput}.
 */
public final class ThroughputBenchmark {
  private static final long SIZE = 64L << 20;
  private static final int RUNS = 3;
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  public static void main(String[] args) throws Exception {
    P2PNetwork a = javaNode();
    P2PNetwork b = javaNode();
    try (JsPeer jsA = JsPeer.start(Map.of());
        JsPeer jsB = JsPeer.start(Map.of())) {
      Multiaddr bAddr = b.localPeerId().appendTo(b.listenAddresses().get(0));
      a.dial(bAddr).get(10, TimeUnit.SECONDS);
      a.dial(jsA.address()).get(10, TimeUnit.SECONDS);
      jsA.call("dial", Map.of("addr", jsB.address().toString()), TIMEOUT);
      String aPeer = a.localPeerId().toString();
      warmUp(a, b, jsA, aPeer);

      System.out.println(
          "64 MiB over loopback, best of " + RUNS + " interleaved rounds, MB/s (1e6 bytes/s)");
      System.out.printf(Locale.ROOT, "%-12s %12s %12s%n", "direction", "1 stream", "8 streams");
      double[] jsjs = new double[2];
      double[] jj = new double[2];
      double[] jjs = new double[2];
      double[] jsj = new double[2];
      for (int round = 0; round < RUNS; round++) {
        // interleaved so that every direction sees the same (shared, noisy) machine
        for (int s = 0; s < 2; s++) {
          int streams = s == 0 ? 1 : 8;
          jsjs[s] = Math.max(jsjs[s], jsRate(jsA, jsB.peerId().toString(), streams));
          jj[s] = Math.max(jj[s], javaRateTo(a, b.localPeerId(), streams));
          jjs[s] = Math.max(jjs[s], javaRateTo(a, jsA.peerId(), streams));
          jsj[s] = Math.max(jsj[s], jsRate(jsA, aPeer, streams));
        }
      }
      row("js->js", jsjs, jsjs);
      row("Java->Java", jj, jsjs);
      row("Java->js", jjs, jsjs);
      row("js->Java", jsj, jsjs);

      System.out.println();
      System.out.println("handshake latency (dial to usable connection), median of 10, ms");
      System.out.printf(Locale.ROOT, "Java->Java %8.2f%n", javaHandshake(a, bAddr));
      System.out.printf(Locale.ROOT, "Java->js   %8.2f%n", javaHandshake(a, jsA.address()));
      System.out.printf(
          Locale.ROOT,
          "js->Java   %8.2f%n",
          jsHandshake(jsA, a.localPeerId().appendTo(a.listenAddresses().get(0))));
      System.out.printf(Locale.ROOT, "js->js     %8.2f%n", jsHandshake(jsA, jsB.address()));
    } finally {
      a.close();
      b.close();
    }
  }

  private static void row(String name, double[] rates, double[] base) {
    System.out.printf(
        Locale.ROOT,
        "%-12s %7.1f (%4.2fx) %7.1f (%4.2fx)%n",
        name,
        rates[0],
        rates[0] / base[0],
        rates[1],
        rates[1] / base[1]);
  }

  private static P2PNetwork javaNode() throws Exception {
    P2PNetwork n =
        P2PNetworkBuilder.create(
                P2PConfig.builder(PrivateKey.generateEd25519())
                    .listenAddress("/ip4/127.0.0.1/tcp/0")
                    .build())
            .build();
    n.setStreamHandler(SinkProtocol.PROTOCOL_ID, SinkProtocol::serve);
    n.start().get(10, TimeUnit.SECONDS);
    return n;
  }

  private static void warmUp(P2PNetwork a, P2PNetwork b, JsPeer js, String aPeer) throws Exception {
    for (int i = 0; i < 3; i++) {
      SinkProtocol.send(a, b.localPeerId(), SIZE, 4).get(2, TimeUnit.MINUTES);
    }
    SinkProtocol.send(a, js.peerId(), SIZE / 4, 1).get(2, TimeUnit.MINUTES);
    js.call("bench", Map.of("peerId", aPeer, "size", SIZE / 4, "streams", 1), TIMEOUT);
  }

  private static double javaRateTo(P2PNetwork from, io.d2ora.p2p.identity.PeerId to, int streams)
      throws Exception {
    long t0 = System.nanoTime();
    long counted = SinkProtocol.send(from, to, SIZE, streams).get(2, TimeUnit.MINUTES);
    double secs = (System.nanoTime() - t0) / 1e9;
    if (counted != SIZE) {
      throw new IllegalStateException("sink counted " + counted + " of " + SIZE);
    }
    return SIZE / secs / 1e6;
  }

  private static double jsRate(JsPeer from, String to, int streams) throws Exception {
    double best = 0;
    for (int i = 0; i < RUNS; i++) {
      JsonNode r =
          from.call("bench", Map.of("peerId", to, "size", SIZE, "streams", streams), TIMEOUT);
      best = Math.max(best, r.get("bytes").asDouble() / (r.get("ms").asDouble() / 1e3) / 1e6);
    }
    return best;
  }

  private static double javaHandshake(P2PNetwork from, Multiaddr to) throws Exception {
    List<Double> ms = new ArrayList<>();
    io.d2ora.p2p.identity.PeerId peer =
        io.d2ora.p2p.identity.PeerId.fromMultiaddr(to).orElseThrow();
    for (int i = 0; i < 10; i++) {
      from.disconnect(peer, "benchmark").get(5, TimeUnit.SECONDS);
      Thread.sleep(50);
      long t0 = System.nanoTime();
      from.dial(to).get(10, TimeUnit.SECONDS);
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    return median(ms);
  }

  private static double jsHandshake(JsPeer from, Multiaddr to) throws Exception {
    List<Double> ms = new ArrayList<>();
    String peer = io.d2ora.p2p.identity.PeerId.fromMultiaddr(to).orElseThrow().toString();
    for (int i = 0; i < 10; i++) {
      from.call("hangup", Map.of("peerId", peer), TIMEOUT);
      Thread.sleep(50);
      ms.add(from.call("dial", Map.of("addr", to.toString()), TIMEOUT).get("ms").asDouble());
    }
    return median(ms);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
