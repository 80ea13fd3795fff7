package io.d2ora.app.node;

import io.d2ora.app.dashboard.LearningLog;
import io.d2ora.app.exchange.AnnouncementSigning;
import io.d2ora.app.exchange.EquivocationReports;
import io.d2ora.app.exchange.P2PUpdateExchange;
import io.d2ora.app.exchange.PeerStack;
import io.d2ora.app.ledger.ChainDirectory;
import io.d2ora.app.ledger.ChainRoundLedger;
import io.d2ora.app.ledger.ChainUpdateSignatures;
import io.d2ora.app.ledger.PeerRegistrar;
import io.d2ora.app.metrics.NodeMetrics;
import io.d2ora.app.training.AdapterAggregator;
import io.d2ora.app.training.RoundConfig;
import io.d2ora.app.training.TheiaLocalTrainer;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.Clock;
import io.d2ora.core.round.LocalTrainer;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundPorts;
import io.d2ora.core.round.TrainedUpdate;
import io.d2ora.core.store.ContentStore;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.identity.KeyFiles;
import io.d2ora.p2p.identity.KeyType;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.rpc.ContentExchangeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node's services, started in dependency order (chain, store, peer stack, model) and
 * stopped in reverse by {@link #close()} (idempotent; also from the shutdown hook). The round loop
 * is {@link NodeLoop}.
 */
final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  final NodeConfig config;
  final NodeEvents events;
  final ChainRoundLedger ledger;
  final ChainDirectory directory;
  final ContentStore store;
  final PeerStack peers;
  final RoundConfig roundConfig;
  final BaseModel base;
  final RoundPorts ports;
  final LearningLog learning;

  /** What this node counts and times, for {@code /metrics}. */
  final NodeMetrics metrics;

  private final AtomicReference<Duration> lastTraining;
  private final Deque<AutoCloseable> stack = new ArrayDeque<>();
  private boolean closed;

  private Node(NodeConfig config, NodeEvents events, Startup s) {
    this.config = config;
    this.events = events;
    this.ledger = s.ledger;
    this.directory = s.directory;
    this.store = s.store;
    this.peers = s.peers;
    this.roundConfig = s.roundConfig;
    this.base = s.base;
    this.ports = s.ports;
    this.learning = s.learning;
    this.lastTraining = s.lastTraining;
    this.metrics = s.metrics;
    this.stack.addAll(s.stack);
  }

  /** The pieces as they are started; on a failure the started ones are closed. */
  private static final class Startup {
    final Deque<AutoCloseable> stack = new ArrayDeque<>();
    ChainRoundLedger ledger;
    ChainDirectory directory;
    ContentStore store;
    PeerStack peers;
    PrivateKey p2pKey;
    P2PUpdateExchange exchange;
    RoundConfig roundConfig;
    BaseModel base;
    RoundPorts ports;
    LearningLog learning;
    final AtomicReference<Duration> lastTraining = new AtomicReference<>();
    NodeMetrics metrics;
  }

  static Node start(NodeConfig config, NodeEvents events, BaseModel base, NodeOverrides overrides)
      throws Exception {
    return start(config, events, base, overrides, new NodeMetrics());
  }

  /** Starts a node that records its {@code metrics} (round, exchange, chain, training). */
  static Node start(
      NodeConfig config,
      NodeEvents events,
      BaseModel base,
      NodeOverrides overrides,
      NodeMetrics metrics)
      throws Exception {
    Startup s = new Startup();
    s.metrics = metrics;
    try {
      s.roundConfig = RoundConfig.read(config.roundConfig());
      s.base = base;
      Files.createDirectories(config.dataDir());
      s.learning = new LearningLog(config.dataDir());
      s.ledger = config.chain().roundLedger(config.pollInterval(), metrics.chainCalls());
      s.stack.push(s.ledger);
      s.directory = s.ledger.directory();
      s.store = ContentStore.open(config.dataDir().resolve("store"));
      startPeers(config, s, overrides, events);
      s.exchange.addServeListener(metrics.serveListener());
      metrics.watchGossip(s.peers.pubsub());
      // Whom this node penalised and why, by peer ID: what an operator needs to see an attack.
      s.peers
          .network()
          .addMisbehaviorListener(
              (peer, protocol, reason) ->
                  events.emit("penalised", "peer", peer, "protocol", protocol, "reason", reason));
      long chainId = s.ledger.chainId();
      String registry = s.ledger.registry();
      AdapterAggregator aggregator =
          new AdapterAggregator(
              AdapterAggregator.only(s.roundConfig),
              base,
              chainId,
              registry,
              report ->
                  events.emit(
                      "aggregated",
                      "round",
                      report.round(),
                      "strategy",
                      report.strategy(),
                      "fedavg_gap_mean",
                      report.meanFedavgGap(),
                      "fedavg_gap_max",
                      report.maxFedavgGap(),
                      "report",
                      report.toString()),
              s.store::get);
      TheiaLocalTrainer trainer =
          new TheiaLocalTrainer(
              base,
              s.roundConfig,
              config.dataPath(),
              chainId,
              registry,
              metrics.trainingProgress(),
              (ctx, r) -> {
                events.emit(
                    "trained",
                    "samples",
                    r.sampleCount(),
                    "validation_accuracy",
                    lastAccuracy(r),
                    "seconds",
                    Math.round(r.trainingSeconds()));
                s.learning.trained(
                    ctx.round().id().value(),
                    ctx.trainer().hex(),
                    r.epochs().get(r.epochs().size() - 1).trainLoss(),
                    lastAccuracy(r),
                    r.sampleCount());
              });
      LocalTrainer timed = timed(overrides.trainer().apply(trainer), s.lastTraining, metrics);
      s.ports =
          new RoundPorts(
              overrides.ledger().apply(s.ledger),
              metrics.metered(overrides.exchange().apply(s.exchange)),
              timed,
              aggregator,
              aggregator,
              Clock.system());
      registerPeer(config, s, events);
      return new Node(config, events, s);
    } catch (Exception | Error e) {
      closeAll(s.stack);
      throw e;
    }
  }

  /** Wall time of the latest local training in this process (data, model and training). */
  Optional<Duration> lastTraining() {
    return Optional.ofNullable(lastTraining.get());
  }

  /** {@code trainer}, recording how long each successful run took. */
  private static LocalTrainer timed(
      LocalTrainer trainer, AtomicReference<Duration> took, NodeMetrics metrics) {
    return ctx -> {
      long start = System.nanoTime();
      metrics.trainingStarted();
      TrainedUpdate update = trainer.train(ctx);
      took.set(Duration.ofNanos(System.nanoTime() - start));
      return update;
    };
  }

  private static Double lastAccuracy(io.d2ora.core.train.TrainingResult r) {
    var last = r.epochs().get(r.epochs().size() - 1);
    return last.validation() == null ? null : last.validation().accuracy();
  }

  private static void startPeers(
      NodeConfig config, Startup s, NodeOverrides overrides, NodeEvents events)
      throws java.io.IOException {
    var key = KeyFiles.loadOrCreate(config.dataDir().resolve("p2p.key"), KeyType.ED25519);
    s.p2pKey = key;
    P2PConfig p2p =
        P2PConfig.builder(key)
            .listenAddresses(List.of(Multiaddr.parse(config.p2pListen())))
            .build();
    s.peers = PeerStack.start(p2p, config.p2pBootstrap().stream().map(Multiaddr::parse).toList());
    s.stack.push(s.peers);
    s.exchange =
        s.peers.startExchange(
            s.ledger.chainId(),
            overrides.served().apply(s.store::get),
            s.directory::registeredPeer,
            ContentExchangeConfig.DEFAULT,
            Optional.of(
                new AnnouncementSigning(
                    new ChainUpdateSignatures(s.ledger), equivocationReports(events))));
    // When each announcement arrives (before verification): scripts/scale.sh measures gossip
    // propagation from it. The subscription lives as long as the exchange.
    s.exchange.subscribe(
        (a, from) ->
            events.emit(
                "announcement",
                "round",
                a.round(),
                "signer",
                a.signer(),
                "hash",
                a.updateHash().hex(),
                "from",
                from.id()));
  }

  /** Equivocation reports as node events: {@code reported}, or {@code not-reported} and why. */
  private static EquivocationReports equivocationReports(NodeEvents events) {
    return new EquivocationReports() {
      @Override
      public void reported(RoundId round, Address offender, String tx) {
        events.emit("reported", "round", round, "offender", offender, "tx", tx);
      }

      @Override
      public void notReported(RoundId round, Address offender, String reason) {
        events.emit("not-reported", "round", round, "offender", offender, "reason", reason);
      }
    };
  }

  /**
   * Registers this node's peer ID and listen addresses on chain, with a proof signed by its libp2p
   * key, unless they already are.
   */
  private static void registerPeer(NodeConfig config, Startup s, NodeEvents events) {
    List<String> addrs =
        s.peers.network().listenAddresses().stream().map(Multiaddr::toString).toList();
    if (PeerRegistrar.ensureRegistered(s.ledger, s.p2pKey, addrs).isPresent()) {
      events.emit("registered", "peer", s.peers.network().localPeerId(), "addresses", addrs);
    }
  }

  /** This node's dialable addresses, with {@code /p2p/<id>}. */
  List<String> addresses() {
    return peers.addresses();
  }

  Path journalDir() {
    return config.dataDir().resolve("journal");
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeAll(stack);
  }

  private static void closeAll(Deque<AutoCloseable> stack) {
    while (!stack.isEmpty()) {
      try {
        stack.pop().close();
      } catch (Exception e) {
        LOG.warn("stopping a service failed: {}", e.toString());
      }
    }
  }
}
