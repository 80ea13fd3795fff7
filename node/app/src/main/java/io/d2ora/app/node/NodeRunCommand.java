package io.d2ora.app.node;

import io.d2ora.app.chain.ChainOptions;
import io.d2ora.app.cli.ModelLoader;
import io.d2ora.app.cli.UserException;
import io.d2ora.app.dashboard.ChainAccess;
import io.d2ora.app.dashboard.Dashboard;
import io.d2ora.app.dashboard.DashboardCommand;
import io.d2ora.app.dashboard.DashboardServer;
import io.d2ora.app.dashboard.HttpReply;
import io.d2ora.app.metrics.NodeMetrics;
import io.d2ora.app.training.RoundConfig;
import io.d2ora.core.model.BaseModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora node run}: connects to the chain and the network and takes part in rounds. Every
 * option may also come from the environment ({@code D2ORA_<OPTION>}) or the config file's {@code
 * "<option>"} key; see {@link NodeConfig}.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a node: register its peer on chain, join rounds with this node's round config, train on"
          + " its private data, commit, exchange and verify updates, aggregate, propose and attest"
          + " the result its own recomputation agrees with, settle.",
      "Settings: flag > D2ORA_<NAME> environment variable > config file key > default."
    })
public final class NodeRunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Where the process environment comes from (tests substitute their own). */
  Map<String, String> environment = System.getenv();

  @Option(names = "--config", paramLabel = "FILE", description = "node config JSON file")
  Path configFile;

  @Option(names = "--data-dir", description = "default: " + NodeConfig.DEFAULT_DATA_DIR)
  String dataDir;

  @Mixin ChainOptions chain;

  @Option(names = "--p2p-listen", description = "default: " + NodeConfig.DEFAULT_P2P_LISTEN)
  String p2pListen;

  @Option(names = "--p2p-bootstrap", description = "multiaddr with /p2p/<id>; repeatable")
  List<String> p2pBootstrap;

  @Option(names = "--round-config", description = "round config JSON (aggregation + training)")
  String roundConfig;

  @Option(names = "--data-path", description = "this peer's data: a directory of JSONL splits")
  String dataPath;

  @Option(names = "--base-model", description = "default: " + NodeConfig.DEFAULT_BASE_MODEL)
  String baseModel;

  @Option(names = "--rounds", description = "rounds to take part in, then exit (0: forever)")
  Integer rounds;

  @Option(
      names = "--round-create-enabled",
      arity = "0..1",
      description = "create rounds (as aggregator)")
  Boolean roundCreateEnabled;

  @Option(names = "--round-join-seconds", description = "created rounds: join window")
  Long roundJoinSeconds;

  @Option(names = "--round-commit-seconds", description = "created rounds: commit window")
  Long roundCommitSeconds;

  @Option(names = "--round-finalize-seconds", description = "created rounds: finalize window")
  Long roundFinalizeSeconds;

  @Option(names = "--round-min-stake", description = "created rounds: minimum stake")
  Long roundMinStake;

  @Option(names = "--round-sample-cap", description = "created rounds: samples per commitment")
  Long roundSampleCap;

  @Option(
      names = "--round-quorum-bps",
      description = "created rounds: quorum in basis points (0: contract default, 2/3)")
  Integer roundQuorumBps;

  @Option(names = "--round-reward-pool", description = "created rounds: reward pool to fund")
  Long roundRewardPool;

  @Option(names = "--poll-millis", description = "chain poll interval")
  Long pollMillis;

  @Option(
      names = "--http",
      paramLabel = "PORT",
      description = "serve the dashboard (and mounted routes) on 127.0.0.1:PORT while running")
  Integer httpPort;

  @Option(names = "--json", arity = "0..1", description = "print JSON event lines")
  Boolean json;

  @Option(
      names = "--join-allowed-creators",
      split = ",",
      description = "join only rounds created by these addresses; repeatable (default: any)")
  List<String> joinAllowedCreators;

  @Option(
      names = "--join-allowed-aggregators",
      split = ",",
      description = "join only rounds aggregated by these addresses; repeatable (default: any)")
  List<String> joinAllowedAggregators;

  @Option(
      names = "--join-training-seconds",
      description =
          "training time assumed until measured (default: "
              + NodeConfig.DEFAULT_JOIN_TRAINING_SECONDS
              + ")")
  Long joinTrainingSeconds;

  @Option(
      names = "--join-margin-seconds",
      description =
          "time needed before the commit deadline on top of training (default: "
              + NodeConfig.DEFAULT_JOIN_MARGIN_SECONDS
              + ")")
  Long joinMarginSeconds;

  @Option(
      names = "--join-max-finalize-seconds",
      description =
          "skip rounds whose finalize window is longer (default: "
              + NodeConfig.DEFAULT_JOIN_MAX_FINALIZE_SECONDS
              + ")")
  Long joinMaxFinalizeSeconds;

  @Option(
      names = "--join-max-stake",
      description = "skip rounds reserving more stake, token base units (default: any)")
  String joinMaxStake;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    NodeConfig config = NodeConfig.resolve(flags(), environment, Optional.ofNullable(configFile));
    NodeEvents events = new NodeEvents(out, config.json());
    BaseModel base = ModelLoader.baseModel(config.baseModel());
    MemoryBudget.require(
        base.config(),
        Files.size(base.directory().resolve(BaseModel.MODEL_FILE)),
        RoundConfig.read(config.roundConfig()).training(config.dataPath()),
        MemoryBudget.machineAvailable(),
        MemoryBudget.processResident());
    NodeMetrics metrics = new NodeMetrics();
    Node node;
    try {
      node = Node.start(config, events, base, NodeOverrides.NONE, metrics);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    Optional<DashboardServer> http = Optional.ofNullable(httpPort).map(p -> dashboard(node, p));
    Thread hook =
        Thread.ofPlatform()
            .unstarted(
                () -> {
                  http.ifPresent(DashboardServer::close);
                  node.close();
                });
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      http.ifPresent(s -> events.emit("dashboard", "url", s.uri()));
      events.emit(
          "started",
          "address",
          node.ledger.self(),
          "peer",
          node.peers.network().localPeerId(),
          "listen",
          node.addresses(),
          "round_config",
          node.roundConfig.hash().hex(),
          "strategy",
          node.roundConfig.strategy().id());
      int done = new NodeLoop(node).run();
      events.emit("stopped", "rounds", done);
      return 0;
    } finally {
      http.ifPresent(DashboardServer::close);
      node.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down; the hook runs (close is idempotent).
      }
    }
  }

  /**
   * The dashboard over this node's chain settings and data directory, with its live peers and
   * {@code /metrics}.
   */
  static DashboardServer dashboard(Node node, int port) {
    ChainAccess access = DashboardCommand.access(node.config.chain());
    Dashboard pages =
        new Dashboard(
            access,
            node.config.chain().rpcUrl(),
            List.of(node.config.dataDir()),
            new NodePeers(node.peers));
    try {
      return DashboardServer.start(DashboardCommand.DEFAULT_HOST, port, pages)
          .mount(
              "/metrics", path -> HttpReply.ok(node.metrics.contentType(), node.metrics::writeTo));
    } catch (IllegalStateException e) {
      node.close();
      throw new UserException(e.getMessage(), e);
    }
  }

  private Map<String, Object> flags() {
    Map<String, Object> m = new HashMap<>(chain.flags());
    put(m, "data-dir", dataDir);
    put(m, "p2p-listen", p2pListen);
    put(m, "p2p-bootstrap", p2pBootstrap);
    put(m, "round-config", roundConfig);
    put(m, "data-path", dataPath);
    put(m, "base-model", baseModel);
    put(m, "rounds", rounds);
    put(m, "round-create-enabled", roundCreateEnabled);
    put(m, "round-join-seconds", roundJoinSeconds);
    put(m, "round-commit-seconds", roundCommitSeconds);
    put(m, "round-finalize-seconds", roundFinalizeSeconds);
    put(m, "round-min-stake", roundMinStake);
    put(m, "round-sample-cap", roundSampleCap);
    put(m, "round-quorum-bps", roundQuorumBps);
    put(m, "round-reward-pool", roundRewardPool);
    put(m, "poll-millis", pollMillis);
    put(m, "json", json);
    put(m, "join-allowed-creators", joinAllowedCreators);
    put(m, "join-allowed-aggregators", joinAllowedAggregators);
    put(m, "join-training-seconds", joinTrainingSeconds);
    put(m, "join-margin-seconds", joinMarginSeconds);
    put(m, "join-max-finalize-seconds", joinMaxFinalizeSeconds);
    put(m, "join-max-stake", joinMaxStake);
    return m;
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
