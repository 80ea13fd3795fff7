package io.d2ora.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.app.cli.ModelLoader;
import io.d2ora.app.cli.ProjectHome;
import io.d2ora.app.dashboard.DashboardServer;
import io.d2ora.app.dashboard.HttpReply;
import io.d2ora.app.exchange.P2PUpdateExchange;
import io.d2ora.app.exchange.PeerBinding;
import io.d2ora.app.exchange.PeerStack;
import io.d2ora.chain.ChainUnavailableException;
import io.d2ora.chain.retry.RetryPolicy;
import io.d2ora.chain.retry.RetryingChainReader;
import io.d2ora.chain.testing.Devnet;
import io.d2ora.chain.web3j.Web3jChainReader;
import io.d2ora.core.round.Offence;
import io.d2ora.core.round.PeerRef;
import io.d2ora.core.round.UpdateExchange;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.train.Trainer;
import io.d2ora.core.train.TrainingConfig;
import io.d2ora.core.train.TrainingConfigParser;
import io.d2ora.core.train.TrainingData;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.pubsub.Validator;
import io.d2ora.testing.ProjectRoot;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} over a real socket, parsed by the Python client's text-format parser, moves
 * after a real training run, real fetches between two peer stacks, and real calls to a Hardhat node
 * (and a dead one); hostile peers cannot add series.
 */
@RequiresRealComponents({
  RealComponent.PYTHON_PROMETHEUS_PARSER,
  RealComponent.BASE_MODEL,
  RealComponent.SENTIMENT_DATA,
  RealComponent.HARDHAT
})
class NodeMetricsIT {
  private static final long CHAIN_ID = 31337;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private PrometheusText scrape(NodeMetrics metrics) throws Exception {
    DashboardServer server =
        DashboardServer.start("127.0.0.1", 0, path -> HttpReply.html(404, "not found"))
            .mount("/metrics", path -> HttpReply.ok(metrics.contentType(), metrics::writeTo));
    try (server;
        HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(server.uri().resolve("/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).contains(metrics.contentType());
      assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
      return PrometheusText.parse(page.body());
    }
  }

  @Test
  void shouldTimeRealTrainingSteps() throws Exception {
    NodeMetrics metrics = new NodeMetrics();
    assertThat(scrape(metrics).get("d2ora_training_step_duration_seconds_count")).isZero();

    TrainingConfig config =
        TrainingConfigParser.parse(ProjectRoot.path().resolve("configs/smoke.json"), Map.of());
    metrics.trainingStarted();
    var result =
        Trainer.train(
            ModelLoader.baseModel(config.baseModel()),
            config,
            TrainingData.load(config, ProjectHome::resolve),
            null,
            metrics.trainingProgress());

    PrometheusText page = scrape(metrics);
    assertThat(page.get("d2ora_training_step_duration_seconds_count")).isEqualTo(result.steps());
    assertThat(page.get("d2ora_training_step_duration_seconds_sum")).isPositive();
    assertThat(page.get("d2ora_training_tokens_per_second")).isPositive();
  }

  @Test
  void shouldCountFetchesServesAndRejectionsButNoHostileSeries() throws Exception {
    byte[] update = new byte[300_000];
    new Random(7).nextBytes(update);
    ContentHash hash = ContentHash.keccak256(update);
    PeerStack fetcher = stack();
    PeerStack server = stack();
    NodeMetrics fetching = new NodeMetrics();
    NodeMetrics serving = new NodeMetrics();
    UpdateExchange exchange =
        fetching.metered(fetcher.startExchange(CHAIN_ID, h -> Optional.empty(), PeerBinding.NONE));
    fetching.watchGossip(fetcher.pubsub());
    P2PUpdateExchange served =
        server.startExchange(
            CHAIN_ID,
            h -> h.equals(hash) ? Optional.of(update) : Optional.empty(),
            PeerBinding.NONE);
    served.addServeListener(serving.serveListener());
    fetcher
        .network()
        .dial(server.network().localPeerId().appendTo(server.network().listenAddresses().get(0)))
        .get(20, TimeUnit.SECONDS);
    awaitGossipPeer(fetcher);
    assertThat(scrape(fetching).get("d2ora_updates_fetched_total", "result", "ok")).isZero();

    PeerRef from = served.self();
    assertThat(exchange.fetch(hash, List.of(from), 1 << 20).get(30, TimeUnit.SECONDS).bytes())
        .isEqualTo(update);
    assertThatThrownBy(
            () ->
                exchange
                    .fetch(ContentHash.keccak256(new byte[] {1}), List.of(from), 1 << 20)
                    .get(30, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(io.d2ora.core.round.UpdateUnavailableException.class);
    PrometheusText fetched = scrape(fetching);
    assertThat(fetched.get("d2ora_updates_fetched_total", "result", "ok")).isEqualTo(1);
    assertThat(fetched.get("d2ora_updates_fetched_total", "result", "unavailable")).isEqualTo(1);
    assertThat(fetched.get("d2ora_updates_fetched_bytes_total")).isEqualTo(update.length);
    assertThat(fetched.get("d2ora_updates_rejected_total", "reason", "hash_mismatch")).isZero();
    assertThat(fetched.get("d2ora_gossip_peers", "kind", "subscribed")).isGreaterThanOrEqualTo(1);
    assertThat(fetched.value("d2ora_gossip_peer_score", "stat", "min")).isPresent();
    PrometheusText servedPage = scrape(serving);
    assertThat(servedPage.get("d2ora_content_served_bytes_total")).isEqualTo(update.length);
    assertThat(servedPage.get("d2ora_content_requests_total", "answer", "content")).isEqualTo(1);
    assertThat(servedPage.get("d2ora_content_requests_total", "answer", "not_found"))
        .isGreaterThanOrEqualTo(1);

    // Hostile: hundreds of invented peer IDs offending, and the served peer subscribing to
    // hundreds of invented topics; not one new series.
    int series = fetched.seriesCount();
    for (int i = 0; i < 300; i++) {
      for (Offence o : Offence.values()) {
        exchange.penalize(new PeerRef("12D3KooWinvented" + i), o, "peer-supplied \"junk\" " + i);
      }
      server.pubsub().subscribe("invented/topic/" + i, Validator.ACCEPT_ALL, m -> {});
    }
    Thread.sleep(500);
    PrometheusText after = scrape(fetching);
    assertThat(after.seriesCount()).isEqualTo(series);
    assertThat(after.get("d2ora_updates_rejected_total", "reason", "forged_announcement"))
        .isEqualTo(300);

    exchange.penalize(from, Offence.HASH_MISMATCH, "test: served other bytes");
    assertThat(scrape(fetching).get("d2ora_updates_rejected_total", "reason", "hash_mismatch"))
        .isEqualTo(301);
  }

  @Test
  void shouldTimeRealChainCallsAndCountRetriesWhenTheChainIsDown() throws Exception {
    NodeMetrics metrics = new NodeMetrics();
    RetryPolicy policy =
        new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20))
            .withListener(metrics.chainCalls());
    Devnet devnet = Devnet.hardhat().start();
    RetryingChainReader reader;
    try {
      reader = new RetryingChainReader(Web3jChainReader.connect(devnet.config()), policy);
      assertThat(reader.blockNumber()).isNotNegative();
      reader.roundCount();
    } finally {
      devnet.close();
    }
    PrometheusText up = scrape(metrics);
    assertThat(
            up.get(
                "d2ora_chain_rpc_duration_seconds_count", "call", "blockNumber", "outcome", "ok"))
        .isEqualTo(1);
    assertThat(
            up.get("d2ora_chain_rpc_duration_seconds_count", "call", "roundCount", "outcome", "ok"))
        .isEqualTo(1);
    assertThat(up.value("d2ora_chain_rpc_retries_total", "call", "blockNumber")).isEmpty();

    assertThatThrownBy(reader::blockNumber).isInstanceOf(ChainUnavailableException.class);
    PrometheusText down = scrape(metrics);
    assertThat(down.get("d2ora_chain_rpc_retries_total", "call", "blockNumber")).isEqualTo(2);
    assertThat(
            down.get(
                "d2ora_chain_rpc_duration_seconds_count",
                "call",
                "blockNumber",
                "outcome",
                "unavailable"))
        .isEqualTo(3);

    // Call names are ours, but the label stays bounded whatever arrives.
    for (int i = 0; i < 500; i++) {
      metrics.chainCalls().retrying("call" + i);
    }
    long calls =
        scrape(metrics).samples().stream()
            .filter(s -> s.name().equals("d2ora_chain_rpc_retries_total"))
            .count();
    assertThat(calls).isLessThanOrEqualTo(64 + 1);
  }

  private PeerStack stack() {
    PeerStack stack =
        PeerStack.start(
            P2PConfig.builder(PrivateKey.generateEd25519())
                .listenAddress("/ip4/127.0.0.1/tcp/0")
                .build(),
            List.of());
    open.add(stack);
    return stack;
  }

  private static void awaitGossipPeer(PeerStack stack) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (stack.pubsub().peers(P2PUpdateExchange.topic(CHAIN_ID)).isEmpty()) {
      assertThat(System.nanoTime())
          .as("gossip learned the peer's subscription")
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
