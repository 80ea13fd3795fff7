package io.d2ora.app.node;

import static io.d2ora.app.node.TestNetwork.round;
import static io.d2ora.core.round.RoundOutcome.Result.FINALIZED;
import static io.d2ora.core.round.RoundOutcome.Result.VERIFIED;
import static io.d2ora.core.round.RoundStatus.Stage.COMMITTING;
import static io.d2ora.testing.RealComponent.ANVIL;
import static io.d2ora.testing.RealComponent.BASE_MODEL;
import static io.d2ora.testing.RealComponent.PYTHON_PROMETHEUS_PARSER;
import static io.d2ora.testing.RealComponent.SENTIMENT_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.app.D2ora;
import io.d2ora.app.metrics.PrometheusText;
import io.d2ora.app.training.AdapterAggregator;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.aggregate.Aggregation;
import io.d2ora.core.aggregate.AggregationInput;
import io.d2ora.core.aggregate.AggregationStrategy;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundOutcome;
import io.d2ora.core.round.TrainedUpdate;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.store.ContentStore;
import io.d2ora.testing.RequiresRealComponents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Whole rounds with three real nodes: a real chain with one-second blocks, libp2p over loopback,
 * the real model with a tiny training budget. The cases share one chain and run one round each, in
 * order. Peers that serve other bytes or commit another sample count are {@link
 * ByzantineAcceptanceTest}'s faults (SERVE_OTHER, WRONG_SAMPLE_COUNT), checked there.
 */
@RequiresRealComponents({ANVIL, BASE_MODEL, SENTIMENT_DATA, PYTHON_PROMETHEUS_PARSER})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeAcceptanceTest {
  @TempDir static Path work;
  private TestNetwork network;
  private List<TestPeer> running = List.of();
  private long nextRound = 1;

  @BeforeAll
  void startChain() throws Exception {
    network = TestNetwork.start(work);
  }

  @AfterAll
  void stopChain() throws Exception {
    if (network != null) {
      network.close();
    }
  }

  @AfterEach
  void stopPeers() throws InterruptedException {
    for (TestPeer p : running) {
      p.stop();
    }
  }

  private List<TestPeer> peers(String tag, Path config) {
    return List.of(
        network.peer(tag + "-a", 1, "imdb", config).creatingRounds(),
        network.peer(tag + "-b", 2, "yelp", config),
        network.peer(tag + "-c", 3, "amazon", config));
  }

  @Test
  @Order(1)
  void shouldFinalizeAndVerifyWhenThreePeersTrain() throws Exception {
    List<TestPeer> p = peers("honest", network.roundConfig("fedavg"));
    running = p;
    RoundId r = round(nextRound++);
    network.start(p.get(0), p.get(1), p.get(2));

    assertThat(p.get(0).awaitOutcome(r).result()).isEqualTo(FINALIZED);
    RoundOutcome b = p.get(1).awaitOutcome(r);
    RoundOutcome c = p.get(2).awaitOutcome(r);

    assertThat(b.result()).isEqualTo(VERIFIED);
    assertThat(c.result()).isEqualTo(VERIFIED);
    assertThat(b.included()).hasSize(3);
    assertThat(verify(r, p.get(1).dataDir, network.roundConfig("fedavg"))).isZero();

    // The round as a verifier's /metrics shows it: it trained, fetched the others' updates,
    // served its own, and called the chain.
    PrometheusText page = PrometheusText.of(p.get(1).node().metrics);
    assertThat(page.get("d2ora_round_id")).isEqualTo(r.value());
    assertThat(page.get("d2ora_training_step_duration_seconds_count")).isPositive();
    assertThat(page.get("d2ora_training_tokens_per_second")).isPositive();
    assertThat(page.get("d2ora_updates_fetched_total", "result", "ok")).isGreaterThanOrEqualTo(2);
    assertThat(page.get("d2ora_updates_fetched_bytes_total")).isPositive();
    assertThat(page.get("d2ora_content_served_bytes_total")).isPositive();
    assertThat(page.sum("d2ora_chain_rpc_duration_seconds_count")).isPositive();
    assertThat(page.sum("d2ora_updates_rejected_total")).isZero();
  }

  @Test
  @Order(3)
  void shouldResumeKilledPeerWithoutDoubleCommitting() throws Exception {
    List<TestPeer> p = peers("crash", network.roundConfig("fedavg"));
    running = p;
    RoundId r = round(nextRound++);
    network.start(p.get(0), p.get(1), p.get(2));
    p.get(1).awaitStage(COMMITTING, Duration.ofMinutes(3));
    p.get(1).kill();
    p.get(1).start();

    RoundOutcome a = p.get(0).awaitOutcome(r);
    RoundOutcome b = p.get(1).awaitOutcome(r);

    assertThat(a.result()).isEqualTo(FINALIZED);
    assertThat(b.result()).isEqualTo(VERIFIED);
    assertThat(a.included()).contains(p.get(1).address()).hasSize(3);
    assertThat(p.get(1).statuses())
        .filteredOn(s -> s.stage() == COMMITTING)
        .as("one commit, not repeated after the restart")
        .hasSize(1);
  }

  @Test
  @Order(4)
  void shouldContainByzantinePeerWithMedian() throws Exception {
    Path config = network.roundConfig("median");
    List<TestPeer> p = peers("byzantine", config);
    running = p;
    RoundId r = round(nextRound++);
    p.get(2).with(new NodeOverrides(t -> ctx -> scaled(t.train(ctx), 100), s -> s));
    network.start(p.get(0), p.get(1), p.get(2));

    RoundOutcome a = p.get(0).awaitOutcome(r);
    assertThat(a.result()).isEqualTo(FINALIZED);
    assertThat(a.included()).hasSize(3);

    ContentStore store = ContentStore.open(p.get(0).dataDir.resolve("store"));
    AdapterUpdate median = update(store, a.finalizedHash().orElseThrow());
    List<AggregationInput> honest = inputs(store, p.get(0), p.get(1));
    AdapterUpdate honestMean = Aggregation.aggregate(AggregationStrategy.FEDAVG, honest).update();
    List<AggregationInput> all = inputs(store, p.get(0), p.get(1), p.get(2));
    AdapterUpdate poisonedMean = Aggregation.aggregate(AggregationStrategy.FEDAVG, all).update();

    double contained = relativeDistance(median, honestMean);
    double poisoned = relativeDistance(poisonedMean, honestMean);
    assertThat(contained).as("median vs honest mean").isLessThan(1.0);
    assertThat(poisoned).as("fedavg with the attacker vs honest mean").isGreaterThan(10.0);
  }

  @Test
  @Order(5)
  void shouldSkipRoundItsJoinPolicyRefusesAndSayWhy() throws Exception {
    List<TestPeer> p = peers("policy", network.roundConfig("fedavg"));
    running = p;
    RoundId r = round(nextRound++);
    String trusted = "0x" + "0".repeat(37) + "bad";
    p.get(2).setting("join-allowed-aggregators", List.of(trusted));
    network.start(p.get(0), p.get(1), p.get(2));

    PeerEvent.Skipped skipped = p.get(2).awaitSkipped(r);
    RoundOutcome a = p.get(0).awaitOutcome(r);

    assertThat(skipped.reason())
        .contains("aggregator " + p.get(0).address())
        .contains("join-allowed-aggregators");
    assertThat(a.result()).isEqualTo(FINALIZED);
    assertThat(a.included()).containsExactlyInAnyOrder(p.get(0).address(), p.get(1).address());
    assertThat(p.get(2).events)
        .noneMatch(e -> e instanceof PeerEvent.Other o && o.name().equals("round"));
  }

  /** Scales every adapter tensor of an update by {@code factor} (a Byzantine peer). */
  private static TrainedUpdate scaled(TrainedUpdate u, float factor) {
    AdapterUpdate update = SafetensorsCodec.decode(u.bytes(), AdapterAggregator.LIMITS);
    java.util.NavigableMap<String, FloatTensor> tensors = new TreeMap<>();
    update
        .tensors()
        .forEach(
            (name, t) -> {
              float[] v = t.data().clone();
              for (int i = 0; i < v.length; i++) {
                v[i] *= factor;
              }
              tensors.put(name, FloatTensor.of(v, t.shape()));
            });
    return new TrainedUpdate(
        SafetensorsCodec.encode(new AdapterUpdate(tensors, update.metadata())), u.numSamples());
  }

  private static AdapterUpdate update(ContentStore store, ContentHash hash) {
    return SafetensorsCodec.decode(store.get(hash).orElseThrow(), AdapterAggregator.LIMITS);
  }

  /** The peers' committed updates, from the aggregator's store. */
  private static List<AggregationInput> inputs(ContentStore store, TestPeer... peers) {
    return java.util.Arrays.stream(peers)
        .map(
            p -> {
              byte[] bytes = store.get(p.trainedUpdate()).orElseThrow();
              return AggregationInput.of(p.address(), bytes, 16);
            })
        .toList();
  }

  private static double relativeDistance(AdapterUpdate x, AdapterUpdate ref) {
    double diff = 0;
    double norm = 0;
    for (var e : ref.tensors().entrySet()) {
      float[] r = e.getValue().data();
      float[] v = x.tensors().get(e.getKey()).data();
      for (int i = 0; i < r.length; i++) {
        diff += (v[i] - r[i]) * (double) (v[i] - r[i]);
        norm += r[i] * (double) r[i];
      }
    }
    return Math.sqrt(diff / norm);
  }

  private int verify(RoundId r, Path dataDir, Path config) {
    StringWriter out = new StringWriter();
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out));
    int code =
        cli.execute(
            "verify",
            "round",
            r.toString(),
            "--chain-rpc-url",
            network.rpcUrl,
            "--chain-registry",
            network.registry,
            "--round-config",
            config.toString(),
            "--data-dir",
            dataDir.toString());
    System.out.println(out);
    return code;
  }
}
