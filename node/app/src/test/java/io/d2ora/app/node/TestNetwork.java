package io.d2ora.app.node;

import io.d2ora.app.D2ora;
import io.d2ora.app.chain.ChainSettings;
import io.d2ora.app.cli.Settings;
import io.d2ora.app.ledger.ChainRoundReader;
import io.d2ora.chain.testing.Devnet;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.Nd4jRuntime;
import io.d2ora.core.round.RoundId;
import io.d2ora.testing.ProjectRoot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import picocli.CommandLine;

/**
 * The acceptance tests' world: a real chain on a free port with the registry deployed and five
 * staked accounts ({@link Devnet}: Anvil mining a block every second on the wall clock, since nodes
 * act on block time as on a real chain, where Hardhat's automining never moves time while no one
 * sends), the real base model loaded once, and peers ({@link TestPeer}) that run real nodes in this
 * JVM over real loopback sockets.
 *
 * <p>DSL: {@code network.start(a, b, c)}; {@code b.awaitOutcome(round(1))}.
 */
final class TestNetwork implements AutoCloseable {
  static final long CHAIN_ID = Devnet.CHAIN_ID;
  final Path root;
  final Path work;
  final BaseModel base;
  final String rpcUrl;
  final String registry;
  final List<String> keys;
  private final Devnet devnet;
  private final Path devnetFile;

  private TestNetwork(Path root, Path work, BaseModel base, Devnet devnet) {
    this.root = root;
    this.work = work;
    this.base = base;
    this.rpcUrl = devnet.info().rpcUrl();
    this.registry = devnet.info().registryAddress();
    this.keys = new CopyOnWriteArrayList<>(devnet.info().accountPrivateKeys());
    this.devnet = devnet;
    this.devnetFile = devnet.writeDevnetFile(work.resolve("devnet.json"));
  }

  /**
   * Starts the chain and loads the model. Tests using it declare
   * {@code @RequiresRealComponents({ANVIL, BASE_MODEL, SENTIMENT_DATA})}.
   */
  static TestNetwork start(Path work) {
    Path root = ProjectRoot.path();
    Path model = root.resolve(".cache/models/all-minilm-l6-v2");
    Devnet devnet = Devnet.anvil(Duration.ofSeconds(1)).stakeEach(100).start();
    try {
      Nd4jRuntime.configure(0);
      return new TestNetwork(root, work, BaseModel.load(model), devnet);
    } catch (RuntimeException e) {
      devnet.close();
      throw e;
    }
  }

  /** Writes a round config with the given aggregation strategy and a tiny training budget. */
  Path roundConfig(String strategy) throws IOException {
    Path file = work.resolve("round-" + strategy.replace(':', '_') + ".json");
    Files.writeString(
        file,
        "{\"aggregation\": \""
            + strategy
            + "\", \"training\": {\"base_model\": \"all-minilm-l6-v2\", \"lora_r\": 2,"
            + " \"lora_alpha\": 4, \"lora_dropout\": 0.0, \"use_dora\": true,"
            + " \"target_modules\": [\"query\", \"value\"], \"learning_rate\": 0.003,"
            + " \"num_epochs\": 1, \"batch_size\": 8, \"max_seq_len\": 16,"
            + " \"max_train_samples\": 16, \"seed\": 7}}");
    return file;
  }

  /** A peer signing with devnet account {@code account} (1..4), training on {@code domain}. */
  TestPeer peer(String name, int account, String domain, Path roundConfig) {
    return new TestPeer(this, name, account, domain, roundConfig);
  }

  /**
   * Funds and stakes {@code count} more accounts (100 tokens each) and returns the account numbers
   * {@link #peer} takes for them.
   */
  List<Integer> addAccounts(String label, int count) {
    int first = keys.size();
    keys.addAll(
        DevnetAccounts.create(
            rpcUrl,
            CHAIN_ID,
            registry,
            devnet.info().stakeTokenAddress(),
            keys.get(0),
            label,
            count,
            100));
    return IntStream.range(first, first + count).boxed().toList();
  }

  void start(TestPeer... peers) throws Exception {
    for (TestPeer p : peers) {
      p.start();
    }
  }

  static RoundId round(long id) {
    return RoundId.of(id);
  }

  /** The chain read without a key, as {@code d2ora verify} reads it. */
  ChainRoundReader reader() {
    Map<String, Object> flags = Map.of("chain-devnet-file", devnetFile.toString());
    return ChainSettings.resolve(new Settings(flags, Map.of(), Optional.empty()))
        .roundReader(Duration.ofMillis(200));
  }

  /** What a CLI command printed, and its exit code. */
  record CliResult(int code, String out) {}

  /**
   * Runs {@code d2ora args...} against this chain (the chain flags are added; sign with {@code
   * --chain-devnet-account N}).
   */
  CliResult cli(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--chain-devnet-file", devnetFile.toString()));
    int code = cli.execute(all.toArray(String[]::new));
    return new CliResult(code, out.toString());
  }

  /** Moves chain time forward (and mines a block there). */
  void increaseTime(Duration by) {
    devnet.increaseTime(by);
  }

  @Override
  public void close() {
    devnet.close();
  }
}
