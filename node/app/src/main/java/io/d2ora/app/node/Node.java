package io.d2ora.app.node;

import io.d2ora.app.exchange.P2PUpdateExchange;
import io.d2ora.app.ledger.ChainAccess;
import io.d2ora.app.ledger.ChainDirectory;
import io.d2ora.app.ledger.ChainRoundLedger;
import io.d2ora.app.training.AdapterAggregator;
import io.d2ora.app.training.RoundConfig;
import io.d2ora.app.training.TheiaLocalTrainer;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.round.Clock;
import io.d2ora.core.round.RoundPorts;
import io.d2ora.core.store.ContentStore;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.discovery.DiscoveryConfig;
import io.d2ora.p2p.discovery.ReconnectingDiscovery;
import io.d2ora.p2p.identity.KeyFiles;
import io.d2ora.p2p.identity.KeyType;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.pubsub.GossipSub;
import io.d2ora.p2p.pubsub.GossipSubConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node's services, started in dependency order (chain, store, p2p network, gossip,
 * discovery, exchange, model) and stopped in reverse by {@link #close()} (idempotent; also from the
 * shutdown hook). The round loop is {@link NodeLoop}.
 */
final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  final NodeConfig config;
  final NodeEvents events;
  final ChainRoundLedger ledger;
  final ChainDirectory directory;
  final ContentStore store;
  final P2PNetwork network;
  final ReconnectingDiscovery discovery;
  final P2PUpdateExchange exchange;
  final RoundConfig roundConfig;
  final BaseModel base;
  final RoundPorts ports;
  private final Deque<AutoCloseable> stack = new ArrayDeque<>();
  private boolean closed;

  private Node(NodeConfig config, NodeEvents events, Startup s) {
    this.config = config;
    this.events = events;
    this.ledger = s.ledger;
    this.directory = s.directory;
    this.store = s.store;
    this.network = s.network;
    this.discovery = s.discovery;
    this.exchange = s.exchange;
    this.roundConfig = s.roundConfig;
    this.base = s.base;
    this.ports = s.ports;
    this.stack.addAll(s.stack);
  }

  /** The pieces as they are started; on a failure the started ones are closed. */
  private static final class Startup {
    final Deque<AutoCloseable> stack = new ArrayDeque<>();
    ChainRoundLedger ledger;
    ChainDirectory directory;
    ContentStore store;
    P2PNetwork network;
    ReconnectingDiscovery discovery;
    P2PUpdateExchange exchange;
    RoundConfig roundConfig;
    BaseModel base;
    RoundPorts ports;
  }

  static Node start(NodeConfig config, NodeEvents events, BaseModel base, NodeOverrides overrides)
      throws Exception {
    Startup s = new Startup();
    try {
      s.roundConfig = RoundConfig.read(config.roundConfig());
      s.base = base;
      Files.createDirectories(config.dataDir());
      s.ledger =
          ChainRoundLedger.connect(
              new ChainAccess(
                  config.chainRpcUrl(),
                  config.chainId(),
                  config.chainRegistry(),
                  config.chainPrivateKey()),
              config.pollInterval());
      s.stack.push(s.ledger);
      s.directory = s.ledger.directory();
      s.store = ContentStore.open(config.dataDir().resolve("store"));
      startP2p(config, s, overrides);
      String registry = config.chainRegistry().toLowerCase(Locale.ROOT);
      AdapterAggregator aggregator =
          new AdapterAggregator(
              AdapterAggregator.only(s.roundConfig),
              config.chainId(),
              registry,
              report -> events.emit("aggregated", "report", report.toString()));
      TheiaLocalTrainer trainer =
          new TheiaLocalTrainer(
              base,
              s.roundConfig,
              config.dataPath(),
              config.chainId(),
              registry,
              r ->
                  events.emit(
                      "trained",
                      "samples",
                      r.sampleCount(),
                      "validation_accuracy",
                      lastAccuracy(r),
                      "seconds",
                      Math.round(r.trainingSeconds())));
      s.ports =
          new RoundPorts(
              s.ledger,
              s.exchange,
              overrides.trainer().apply(trainer),
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

  private static Double lastAccuracy(io.d2ora.core.train.TrainingResult r) {
    var last = r.epochs().get(r.epochs().size() - 1);
    return last.validation() == null ? null : last.validation().accuracy();
  }

  private static void startP2p(NodeConfig config, Startup s, NodeOverrides overrides)
      throws Exception {
    var key = KeyFiles.loadOrCreate(config.dataDir().resolve("p2p.key"), KeyType.ED25519);
    P2PConfig p2p =
        P2PConfig.builder(key)
            .listenAddresses(List.of(Multiaddr.parse(config.p2pListen())))
            .build();
    s.network = P2PNetwork.create(p2p);
    s.stack.push(s.network);
    s.network.start().get(30, TimeUnit.SECONDS);
    GossipSub pubsub = GossipSub.attach(s.network, GossipSubConfig.DEFAULT);
    s.stack.push(pubsub);
    s.discovery =
        new ReconnectingDiscovery(
            s.network,
            DiscoveryConfig.of(config.p2pBootstrap().stream().map(Multiaddr::parse).toList()));
    s.stack.push(s.discovery);
    s.discovery.start();
    ChainDirectory directory = s.directory;
    s.exchange =
        new P2PUpdateExchange(
            s.network,
            pubsub,
            config.chainId(),
            overrides.served().apply(s.store::get),
            directory::registeredPeer);
    s.stack.push(s.exchange);
  }

  /** Registers this node's peer ID and listen addresses on chain unless they already are. */
  private static void registerPeer(NodeConfig config, Startup s, NodeEvents events) {
    byte[] id = s.network.localPeerId().bytes();
    List<String> addrs = s.network.listenAddresses().stream().map(Multiaddr::toString).toList();
    var current = s.directory.peer(s.ledger.self());
    if (current.isPresent()
        && Arrays.equals(current.get().peerId(), id)
        && current.get().multiaddrs().equals(addrs)) {
      return;
    }
    s.directory.registerPeer(id, addrs);
    events.emit("registered", "peer", s.network.localPeerId(), "addresses", addrs);
  }

  /** This node's dialable addresses, with {@code /p2p/<id>}. */
  List<String> addresses() {
    return network.listenAddresses().stream()
        .map(a -> network.localPeerId().appendTo(a).toString())
        .toList();
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
