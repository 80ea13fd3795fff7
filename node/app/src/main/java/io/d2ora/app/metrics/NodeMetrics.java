package io.d2ora.app.metrics;

import io.d2ora.chain.retry.ChainCallListener;
import io.d2ora.core.round.Offence;
import io.d2ora.core.round.RoundStatus;
import io.d2ora.core.round.UpdateExchange;
import io.d2ora.core.train.ProgressListener;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.pubsub.GossipSub;
import io.d2ora.p2p.rpc.ServeListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's metrics in Prometheus text format ({@link #writeTo}), served as {@code /metrics}.
 * Every label takes values from a fixed set (enums, method names) or through a {@link
 * BoundedLabel}; peer IDs never become label values.
 */
public final class NodeMetrics {
  private static final double[] RPC_SECONDS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };
  private static final double[] STEP_SECONDS = {0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60};
  private static final int MAX_TOPICS = 8;
  private static final int MAX_CALLS = 64;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final BoundedLabel topics = new BoundedLabel(MAX_TOPICS);
  private final BoundedLabel calls = new BoundedLabel(MAX_CALLS);
  private final AtomicLong lastStepNanos = new AtomicLong(System.nanoTime());

  private final Gauge round =
      Gauge.builder().name("d2ora_round_id").help("Round this node works on").register(registry);
  private final Gauge stage =
      Gauge.builder()
          .name("d2ora_round_stage")
          .help("1 for the stage the current round is at, 0 for the others")
          .labelNames("stage")
          .register(registry);
  private final Gauge roundFailures =
      Gauge.builder()
          .name("d2ora_round_consecutive_failures")
          .help("Ledger or network failures in a row in the current round")
          .register(registry);
  private final Counter fetched =
      Counter.builder()
          .name("d2ora_updates_fetched_total")
          .help("Update fetches by result (ok, unavailable, error)")
          .labelNames("result")
          .register(registry);
  private final Counter fetchedBytes =
      Counter.builder()
          .name("d2ora_updates_fetched_bytes_total")
          .help("Bytes of updates fetched from peers")
          .register(registry);
  private final Counter rejected =
      Counter.builder()
          .name("d2ora_updates_rejected_total")
          .help("Updates and announcements rejected, by offence")
          .labelNames("reason")
          .register(registry);
  private final Counter served =
      Counter.builder()
          .name("d2ora_content_served_bytes_total")
          .help("Bytes of content served to peers over /d2ora/update/1.0.0")
          .register(registry);
  private final Counter requests =
      Counter.builder()
          .name("d2ora_content_requests_total")
          .help("Content requests from peers, by answer")
          .labelNames("answer")
          .register(registry);
  private final Histogram rpc =
      Histogram.builder()
          .name("d2ora_chain_rpc_duration_seconds")
          .help("Chain call attempts by call and outcome")
          .labelNames("call", "outcome")
          .classicOnly()
          .classicUpperBounds(RPC_SECONDS)
          .register(registry);
  private final Counter retries =
      Counter.builder()
          .name("d2ora_chain_rpc_retries_total")
          .help("Chain calls retried after an outage, by call")
          .labelNames("call")
          .register(registry);
  private final Histogram stepTime =
      Histogram.builder()
          .name("d2ora_training_step_duration_seconds")
          .help("Wall time of one optimizer step of local training")
          .classicOnly()
          .classicUpperBounds(STEP_SECONDS)
          .register(registry);
  private final Gauge tokensPerSecond =
      Gauge.builder()
          .name("d2ora_training_tokens_per_second")
          .help("Real tokens per second through forward and backward, latest step")
          .register(registry);

  public NodeMetrics() {
    for (RoundStatus.Stage s : RoundStatus.Stage.values()) {
      stage.labelValues(label(s)).set(0);
    }
    for (Offence o : Offence.values()) {
      rejected.initLabelValues(label(o));
    }
    for (String result : List.of("ok", "unavailable", "error")) {
      fetched.initLabelValues(result);
    }
    for (ServeListener.Answer a : ServeListener.Answer.values()) {
      requests.initLabelValues(label(a));
    }
  }

  /** The Content-Type of {@link #writeTo}'s output. */
  public String contentType() {
    return writer.getContentType();
  }

  /** Writes every metric in Prometheus text format. */
  public void writeTo(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }

  /** Records the round runner's status (round, stage, failures). */
  public void roundStatus(RoundStatus status) {
    round.set(status.round().value());
    for (RoundStatus.Stage s : RoundStatus.Stage.values()) {
      stage.labelValues(label(s)).set(s == status.stage() ? 1 : 0);
    }
    roundFailures.set(status.consecutiveFailures());
  }

  /** {@code exchange}, counting fetches and rejections here. */
  public UpdateExchange metered(UpdateExchange exchange) {
    return new MeteredUpdateExchange(exchange, this);
  }

  void updateFetched(long bytes) {
    fetched.labelValues("ok").inc();
    fetchedBytes.inc(bytes);
  }

  void fetchFailed(boolean unavailable) {
    fetched.labelValues(unavailable ? "unavailable" : "error").inc();
  }

  void updateRejected(Offence offence) {
    rejected.labelValues(label(offence)).inc();
  }

  /** Counts what the content exchange serves. */
  public ServeListener serveListener() {
    return new ServeListener() {
      @Override
      public void answered(Answer answer) {
        requests.labelValues(label(answer)).inc();
      }

      @Override
      public void served(int bytes) {
        served.inc(bytes);
      }
    };
  }

  /** Times chain calls and counts their retries. */
  public ChainCallListener chainCalls() {
    return new ChainCallListener() {
      @Override
      public void attempted(String call, Duration latency, Outcome outcome) {
        rpc.labelValues(calls.of(call), label(outcome)).observe(latency.toNanos() / 1e9);
      }

      @Override
      public void retrying(String call) {
        retries.labelValues(calls.of(call)).inc();
      }
    };
  }

  /** Call when a local training run starts: its first step is timed from here. */
  public void trainingStarted() {
    lastStepNanos.set(System.nanoTime());
  }

  /** Times each optimizer step and keeps its throughput. */
  public ProgressListener trainingProgress() {
    return new ProgressListener() {
      @Override
      public void onStep(StepProgress progress) {
        long now = System.nanoTime();
        stepTime.observe((now - lastStepNanos.getAndSet(now)) / 1e9);
        tokensPerSecond.set(progress.tokensPerSecond());
      }
    };
  }

  /**
   * Reports {@code gossip}'s peers per subscribed topic (ours, so bounded) and its peer scores as
   * min, max and mean over all those peers, read at each scrape.
   */
  public void watchGossip(GossipSub gossip) {
    GaugeWithCallback.builder()
        .name("d2ora_gossip_peers")
        .help("Gossip peers per subscribed topic: known subscribers and mesh members")
        .labelNames("topic", "kind")
        .callback(
            cb -> {
              for (String topic : gossip.topics()) {
                String t = topics.of(topic);
                cb.call(gossip.peers(topic).size(), t, "subscribed");
                cb.call(gossip.meshPeers(topic).size(), t, "mesh");
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("d2ora_gossip_peer_score")
        .help("Gossip peer scores over the peers of subscribed topics (min, max, mean)")
        .labelNames("stat")
        .callback(
            cb -> {
              Set<PeerId> peers = new HashSet<>();
              gossip.topics().forEach(t -> peers.addAll(gossip.peers(t)));
              var stats = peers.stream().mapToDouble(gossip::score).summaryStatistics();
              if (stats.getCount() > 0) {
                cb.call(stats.getMin(), "min");
                cb.call(stats.getMax(), "max");
                cb.call(stats.getAverage(), "mean");
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("d2ora_gossip_peers_negative_score")
        .help("Gossip peers of subscribed topics whose score is below zero")
        .callback(
            cb -> {
              Set<PeerId> peers = new HashSet<>();
              gossip.topics().forEach(t -> peers.addAll(gossip.peers(t)));
              cb.call(peers.stream().filter(p -> gossip.score(p) < 0).count());
            })
        .register(registry);
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
